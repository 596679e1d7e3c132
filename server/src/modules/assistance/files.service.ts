import {
  type AuditActionOf,
  addDays,
  addYear,
  type DocumentKind,
  type fileBodySchema,
  type fileCloseBodySchema,
  type fileSchema,
  type fileUpdateBodySchema,
  type HardshipCause,
  type HardshipTier,
  type listFilesQuerySchema,
  maskName,
} from '@gonghui/contract';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import { findMemberInScope } from '../membership';
import { documentsOf } from './documents.repository';
import type { FileInsert, FileRow } from './files.repository';
import * as repo from './files.repository';
import { type AssistanceDeps, readOwnedDocument, storeDocument, userNames } from './shared';

type Household = z.infer<typeof fileBodySchema>['household'];
type FileView = z.infer<typeof fileSchema>;

/** Monthly income per head in whole fen, rounded down: integer arithmetic only. */
export const incomePerHead = (household: Household) =>
  Math.floor(household.reduce((sum, person) => sum + person.monthlyIncomeFen, 0) / household.length);

function sealed(deps: AssistanceDeps, household: Household) {
  return {
    householdEnc: deps.cipher.encrypt(JSON.stringify(household)),
    incomePerHeadEnc: deps.cipher.encrypt(String(incomePerHead(household))),
    householdSize: household.length,
  };
}

/** The open file's tier and income per head, for eligibility (decrypted on the server only). */
export async function openFileOf(deps: AssistanceDeps, db: Executor, memberId: number, provinceCode: string) {
  const row = await repo.openFile(db, memberId, provinceCode);
  if (!row) return null;
  return {
    id: row.id,
    tier: row.tier as HardshipTier,
    incomePerHeadFen: Number(deps.cipher.decrypt(row.incomePerHeadEnc)),
  };
}

function listItem(row: FileRow, memberName: string, organisationName: string) {
  return {
    id: row.id,
    memberId: row.memberId,
    memberName: maskName(memberName),
    organisationId: row.organisationId,
    organisationName,
    tier: row.tier as HardshipTier,
    primaryCause: row.primaryCause as HardshipCause,
    level: row.level as FileView['level'],
    status: row.status as 'open' | 'closed',
    householdSize: row.householdSize,
    verifiedOn: row.verifiedOn,
    nextVerificationOn: row.nextVerificationOn,
    closedReason: row.closedReason as FileView['closedReason'],
  };
}

async function toView(deps: AssistanceDeps, row: FileRow, revealed: boolean): Promise<FileView> {
  const [memberName, names, events, documents] = await Promise.all([
    repo.memberNameOf(deps.db, row),
    organisationNames(deps.db, [row.organisationId]),
    repo.eventsOf(deps.db, row),
    documentsOf(deps.db, { ...row, of: 'file' }),
  ]);
  const actors = await userNames(
    deps.db,
    events.map((e) => e.actorUserId),
  );
  const household = JSON.parse(deps.cipher.decrypt(row.householdEnc)) as Household;
  return {
    ...listItem(row, memberName ?? '', names.get(row.organisationId) ?? ''),
    memberName: revealed ? (memberName ?? '') : maskName(memberName ?? ''),
    secondaryCauses: row.secondaryCauses as HardshipCause[],
    situation: row.situation,
    household: household.map((person) => ({
      name: revealed ? person.name : maskName(person.name),
      relation: person.relation,
      birthYear: person.birthYear,
      health: revealed ? (person.health ?? '') : null,
      monthlyIncomeFen: revealed ? person.monthlyIncomeFen : null,
    })),
    incomePerHeadFen: revealed ? Number(deps.cipher.decrypt(row.incomePerHeadEnc)) : null,
    revealed,
    closedOn: row.closedOn,
    documents: documents.map(({ mediaType: _, ...d }) => ({
      ...d,
      kind: d.kind as DocumentKind,
      createdAt: d.createdAt.toISOString(),
    })),
    version: row.version,
    events: events.map((e) => ({
      action: e.action,
      actorName: e.actorUserId ? (actors.get(e.actorUserId) ?? null) : null,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
  };
}

async function addEvent(
  tx: Executor,
  row: FileRow,
  context: RequestContext,
  action: AuditActionOf<'hardship_file'>,
  note = '',
) {
  await repo.insertEvent(tx, {
    provinceCode: row.provinceCode,
    fileId: row.id,
    action,
    actorUserId: context.actor.userId,
    note,
  });
  await recordAudit(tx, context, {
    action: `hardship_file.${action}`,
    subjectType: 'hardship_file',
    subjectId: row.id,
    organisationId: row.organisationId,
    changes: { tier: row.tier, status: row.status, ...(note ? { note } : {}) },
  });
}

export async function createFile(deps: AssistanceDeps, context: RequestContext, body: z.infer<typeof fileBodySchema>) {
  const scope = scopeOf(context.actor, 'assistance.manage');
  const found = await findMemberInScope(deps.db, body.memberId, scope);
  if (!found) {
    return refuseOutOfScope(deps.db, context, {
      type: 'member',
      id: body.memberId,
      exists: () => repo.memberExists(deps.db, body.memberId),
    });
  }
  const member = found.member;
  if (await openFileOf(deps, deps.db, member.id, member.provinceCode)) {
    throw new AppError(409, 'assistance.member_has_file');
  }
  const today = todayInChina();
  const row = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertFile(tx, {
      provinceCode: member.provinceCode,
      memberId: member.id,
      organisationId: member.organisationId,
      tier: body.tier,
      primaryCause: body.primaryCause,
      secondaryCauses: body.secondaryCauses.filter((c) => c !== body.primaryCause),
      level: body.level,
      ...sealed(deps, body.household),
      situation: body.situation,
      verifiedOn: today,
      nextVerificationOn: addYear(today),
      createdBy: context.actor.userId,
    });
    await addEvent(tx, inserted, context, 'open');
    return inserted;
  });
  return toView(deps, row, false);
}

export async function listFiles(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof listFilesQuerySchema>,
) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const { rows, total } = await repo.filesPage(
    deps.db,
    {
      scope,
      status: query.status,
      tier: query.tier,
      dueBy: query.dueForVerification ? addDays(todayInChina(), 30) : undefined,
      q: query.q,
    },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const names = await organisationNames(
    deps.db,
    rows.map((r) => r.file.organisationId),
  );
  return {
    items: rows.map((r) => listItem(r.file, r.memberName, names.get(r.file.organisationId) ?? '')),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getFile(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, await loadInScope(deps.db, context, repo.HARDSHIP_FILE, id, 'assistance.read'), false);
}

/** The household's names, health and income, for a cadre who manages the file; the reason is audited. */
export async function revealFile(deps: AssistanceDeps, context: RequestContext, id: number, reason: string) {
  const row = await loadInScope(deps.db, context, repo.HARDSHIP_FILE, id, 'assistance.manage');
  await recordAudit(deps.db, context, {
    action: 'hardship_file.reveal',
    subjectType: 'hardship_file',
    subjectId: id,
    organisationId: row.organisationId,
    changes: { reason },
  });
  return toView(deps, row, true);
}

async function changeFile(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  version: number,
  change: (row: FileRow) => Partial<FileInsert>,
  event: { action: AuditActionOf<'hardship_file'>; note?: string },
) {
  const row = await loadInScope(deps.db, context, repo.HARDSHIP_FILE, id, 'assistance.manage');
  if (row.status !== 'open') throw new AppError(409, 'assistance.file_closed');
  const updated = await deps.db.transaction(async (tx) => {
    const next = await repo.updateFile(tx, row, version, change(row));
    if (!next) throw new AppError(409, 'assistance.file_changed');
    await addEvent(tx, next, context, event.action, event.note);
    return next;
  });
  return toView(deps, updated, false);
}

export function updateFile(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  body: z.infer<typeof fileUpdateBodySchema>,
) {
  return changeFile(
    deps,
    context,
    id,
    body.version,
    () => ({
      tier: body.tier,
      primaryCause: body.primaryCause,
      secondaryCauses: body.secondaryCauses.filter((c) => c !== body.primaryCause),
      level: body.level,
      situation: body.situation,
      ...sealed(deps, body.household),
    }),
    { action: 'update' },
  );
}

/** The yearly re-verification: confirmed today, due again in a year. */
export function verifyFile(deps: AssistanceDeps, context: RequestContext, id: number, version: number, note: string) {
  const today = todayInChina();
  return changeFile(deps, context, id, version, () => ({ verifiedOn: today, nextVerificationOn: addYear(today) }), {
    action: 'verify',
    note,
  });
}

/** Out of hardship, retired, transferred or deceased: the file moves to the archive, still searchable. */
export function closeFile(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  body: z.infer<typeof fileCloseBodySchema>,
) {
  return changeFile(
    deps,
    context,
    id,
    body.version,
    () => ({ status: 'closed', closedOn: todayInChina(), closedReason: body.reason }),
    { action: 'close', note: body.note || body.reason },
  );
}

/**
 * What assistance holds about a member, for their own "my data": their household files in full
 * (it is their information) and their applications; and the audit subjects whose access they see.
 */
export async function assistanceDataOf(
  deps: Pick<AssistanceDeps, 'db' | 'cipher'>,
  member: { id: number; provinceCode: string },
) {
  const [files, applications] = await Promise.all([
    repo.filesOfMember(deps.db, member),
    repo.applicationsInBrief(deps.db, member),
  ]);
  return {
    data: {
      hardshipFiles: files.map((f) => ({
        id: f.id,
        tier: f.tier as HardshipTier,
        primaryCause: f.primaryCause as HardshipCause,
        status: f.status as 'open' | 'closed',
        verifiedOn: f.verifiedOn,
        nextVerificationOn: f.nextVerificationOn,
        incomePerHeadFen: Number(deps.cipher.decrypt(f.incomePerHeadEnc)),
        household: JSON.parse(deps.cipher.decrypt(f.householdEnc)) as Household,
      })),
      applications: applications.map((a) => ({
        id: Number(a.id),
        programmeName: a.programme_name,
        stage: a.stage,
        amountFen: a.amount_fen === null ? null : Number(a.amount_fen),
        paymentStatus: a.payment_status,
        createdAt: new Date(a.created_at).toISOString(),
      })),
    },
    auditSubjects: [
      ...files.map((f) => ({ type: 'hardship_file', id: String(f.id) })),
      ...applications.map((a) => ({ type: 'assistance_application', id: String(a.id) })),
    ],
  };
}

/** Evidence for a file (a hardship certificate, a diagnosis): typed by content, hashed, audited. */
export async function addFileDocument(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  const row = await loadInScope(deps.db, context, repo.HARDSHIP_FILE, id, 'assistance.manage');
  await storeDocument(deps, context, { ...row, of: 'file' }, kind, file);
  return toView(deps, row, false);
}

/** A file's document, for a cadre who may read the file; the download is audited. */
export async function readFileDocument(deps: AssistanceDeps, context: RequestContext, id: number, documentId: string) {
  const row = await loadInScope(deps.db, context, repo.HARDSHIP_FILE, id, 'assistance.read');
  return readOwnedDocument(deps.db, context, { ...row, of: 'file' }, documentId);
}
