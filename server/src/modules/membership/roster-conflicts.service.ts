import { type ImportConflict, maskIdNumber } from '@gonghui/contract';
import type { PoolClient } from 'pg';
import { executorOn } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { provinceOf } from '../../platform/province';
import { todayInChina } from '../../platform/working-days';
import * as importRepo from './imports.repository';
import * as memberRepo from './members.repository';
import type { MembershipDeps } from './members.service';
import { UPDATABLE_FIELDS, upsertRosterBatch } from './roster.repository';
import { scopedImport } from './roster-import.service';
import { parseRosterRow, ROSTER_COLUMNS, type RosterKey } from './roster-rows';

/**
 * Name conflicts: a row whose ID number matches a member of another name is never applied by the
 * import. The cadre sees both names and decides: confirm applies the file's row, name included;
 * reject keeps the roster. Each decision is audited with both names.
 */

type ConflictRow = NonNullable<Awaited<ReturnType<typeof importRepo.findImportConflict>>>;

const cellIndex = (key: RosterKey) => ROSTER_COLUMNS.findIndex((c) => c.key === key);
const rosterNameOf = (row: ConflictRow) =>
  row.problems?.find((p) => p.messageKey === 'import.name_conflict')?.params?.existing ?? '';

function cellsOf(deps: Pick<MembershipDeps, 'cipher'>, row: ConflictRow): string[] {
  return JSON.parse(deps.cipher.decrypt(row.cellsEnc)) as string[];
}

function toConflict(deps: Pick<MembershipDeps, 'cipher'>, row: ConflictRow): ImportConflict {
  const cells = cellsOf(deps, row);
  return {
    rowNumber: row.rowNumber,
    idNumber: maskIdNumber(cells[cellIndex('idNumber')] ?? ''),
    nameInFile: cells[cellIndex('name')] ?? '',
    nameOnRoster: rosterNameOf(row),
    resolution: row.resolution as ImportConflict['resolution'],
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

export async function listImportConflicts(
  deps: MembershipDeps,
  context: RequestContext,
  id: string,
  query: { page: number; pageSize: number },
) {
  await scopedImport(deps, context, id);
  const { rows, total } = await importRepo.listImportConflicts(deps.db, id, query.page, query.pageSize);
  return { items: rows.map((row) => toConflict(deps, row)), total, page: query.page, pageSize: query.pageSize };
}

export async function decideImportConflict(
  deps: MembershipDeps,
  context: RequestContext,
  id: string,
  rowNumber: number,
  decision: 'confirm' | 'reject',
): Promise<ImportConflict> {
  const job = await scopedImport(deps, context, id);
  if (job.dryRun) throw new AppError(409, 'membership.import_trial');
  if (job.status === 'running') throw new AppError(409, 'membership.import_running');
  const row = await importRepo.findImportConflict(deps.db, id, rowNumber);
  if (!row) throw new AppError(404, 'not_found');
  if (row.resolution !== null) throw new AppError(409, 'membership.conflict_decided');
  const cells = cellsOf(deps, row);
  const audit = {
    subjectType: 'roster_import' as const,
    subjectId: id,
    organisationId: job.organisationId,
    changes: { rowNumber, name: { from: rosterNameOf(row), to: cells[cellIndex('name')] ?? '' } },
  };
  const decide = async (
    db: Parameters<typeof importRepo.decideImportConflict>[0],
    resolution: 'confirmed' | 'rejected',
  ) => {
    if (!(await importRepo.decideImportConflict(db, id, rowNumber, { resolution, userId: context.actor.userId }))) {
      throw new AppError(409, 'membership.conflict_decided');
    }
    await recordAudit(db, context, {
      action: resolution === 'confirmed' ? 'member.import_conflict_confirm' : 'member.import_conflict_reject',
      ...audit,
    });
  };

  if (decision === 'reject') {
    await deps.db.transaction((tx) => decide(tx, 'rejected'));
  } else {
    await applyConfirmedRow(deps, context, job, { rowNumber, cells, nameOnRoster: rosterNameOf(row) }, (client) =>
      decide(executorOn(client), 'confirmed'),
    );
  }
  return toConflict(deps, (await importRepo.findImportConflict(deps.db, id, rowNumber))!);
}

/**
 * The file's row, applied as the import would have applied it had the names agreed: only the
 * fields whose columns the file carried. The member must still be the one the conflict named.
 */
async function applyConfirmedRow(
  deps: MembershipDeps,
  context: RequestContext,
  job: { organisationId: number; carriedFields: string[] },
  conflict: { rowNumber: number; cells: string[]; nameOnRoster: string },
  finish: (client: PoolClient) => Promise<void>,
) {
  const { cells } = conflict;
  const parsed = parseRosterRow(deps, conflict.rowNumber, (key) => cells[cellIndex(key)] || null, todayInChina());
  if (!parsed.ok) throw new AppError(409, 'membership.conflict_stale');
  // Renamed since, or gone: the decision was about a roster that is no longer there.
  const member = await memberRepo.findMemberByIdHash(deps.db, parsed.row.idNumberHash);
  if (member?.name !== conflict.nameOnRoster) throw new AppError(409, 'membership.conflict_stale');
  const organisation = (await findOrganisation(deps.db, job.organisationId))!;
  const provinceCode = provinceOf(organisation.regionCode);
  let employerId: number | null = null;
  if (parsed.employerUscc) {
    const [employer] = await memberRepo.findEmployersByUscc(deps.db, [parsed.employerUscc], provinceCode);
    if (!employer) throw new AppError(409, 'membership.conflict_stale');
    employerId = employer.id;
  }
  const present = new Set(UPDATABLE_FIELDS.filter((field) => job.carriedFields.includes(field)));
  await upsertRosterBatch(
    deps.db,
    {
      organisationId: job.organisationId,
      provinceCode,
      path: organisation.path,
      actorUserId: context.actor.userId,
      actorName: context.actor.displayName,
    },
    [{ ...parsed.row, employerId, organisationId: parsed.unionId ?? job.organisationId }],
    {
      dryRun: false,
      present,
      acceptName: true,
      finish: async (client, outcome) => {
        // Refused now for another reason (the mobile went to someone else, the member moved out of
        // the import's subtree), or the member left the roster since (the row would create one):
        // the conflict no longer stands as it was shown.
        if (outcome.rejected.length > 0 || outcome.created > 0) throw new AppError(409, 'membership.conflict_stale');
        await finish(client);
      },
    },
  );
}
