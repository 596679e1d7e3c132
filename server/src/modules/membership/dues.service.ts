import { createHash } from 'node:crypto';
import { maskIdNumber } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { findOrganisationInScope } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import {
  type Cell,
  type FileFormat,
  fenOf,
  findHeader,
  idNumberOf,
  readRows,
  textOf,
} from '../../platform/spreadsheet';
import * as duesRepo from './dues.repository';
import * as memberRepo from './members.repository';
import { type MembershipDeps, scopedOrganisationPath } from './members.service';

const firstDay = (month: string) => `${month}-01`;

/** Opens a month of the dues ledger for every member on the roll in a subtree (idempotent). */
export async function openDuesMonth(
  deps: MembershipDeps,
  context: RequestContext,
  input: { organisationId: number; month: string },
) {
  const scope = scopeOf(context.actor, 'dues.manage');
  const path = (await scopedOrganisationPath(deps, context, input.organisationId, scope))!;
  return deps.db.transaction(async (tx) => {
    const opened = await duesRepo.openDuesMonth(tx, [path], firstDay(input.month));
    await recordAudit(tx, context, {
      action: 'dues.open_month',
      subjectType: 'organisation',
      subjectId: input.organisationId,
      organisationId: input.organisationId,
      changes: { month: input.month, opened },
    });
    return { opened };
  });
}

/** Adds a payment to a member's month under a row lock; the idempotency key makes a retry a no-op. */
async function applyPayment(
  tx: Executor,
  input: {
    memberId: number;
    month: string;
    amountFen: number;
    idempotencyKey: string;
    source: 'manual' | 'checkoff';
    checkoffFileId?: number;
    recordedBy: string;
  },
) {
  const ledger = await duesRepo.lockDuesMonth(tx, input.memberId, firstDay(input.month));
  if (!ledger) throw new AppError(409, 'membership.month_not_open');
  const inserted = await duesRepo.insertDuesPayment(tx, {
    memberId: input.memberId,
    provinceCode: ledger.provinceCode,
    month: firstDay(input.month),
    amountFen: input.amountFen,
    source: input.source,
    checkoffFileId: input.checkoffFileId ?? null,
    idempotencyKey: input.idempotencyKey,
    recordedBy: input.recordedBy,
  });
  if (!inserted) return { ledger, duplicate: true };
  return {
    ledger: await duesRepo.addPaidFen(tx, input.memberId, firstDay(input.month), input.amountFen),
    duplicate: false,
  };
}

export async function recordDuesPayment(
  deps: MembershipDeps,
  context: RequestContext,
  input: { memberId: number; month: string; amountFen: number; idempotencyKey: string },
) {
  const view = await loadInScope(deps.db, context, memberRepo.MEMBER, input.memberId, 'dues.manage');
  return deps.db.transaction(async (tx) => {
    const { ledger, duplicate } = await applyPayment(tx, {
      ...input,
      idempotencyKey: `manual:${input.idempotencyKey}`,
      source: 'manual',
      recordedBy: context.actor.userId,
    });
    if (!duplicate) {
      await recordAudit(tx, context, {
        action: 'dues.payment',
        subjectType: 'member',
        subjectId: input.memberId,
        organisationId: view.member.organisationId,
        changes: { month: input.month, amountFen: input.amountFen },
      });
    }
    return { month: input.month, expectedFen: ledger.expectedFen, paidFen: ledger.paidFen, duplicate };
  });
}

export async function listArrears(
  deps: MembershipDeps,
  context: RequestContext,
  query: { organisationId?: number | undefined; page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'dues.manage');
  const path = await scopedOrganisationPath(deps, context, query.organisationId, scope);
  const { rows, total } = await duesRepo.listArrears(deps.db, path ? [path] : scope, query.page, query.pageSize);
  return {
    items: rows.map((r) => ({
      memberId: r.owing.memberId,
      memberNumber: r.memberNumber,
      name: r.name,
      organisationName: r.organisationName,
      monthsOwed: r.owing.monthsOwed,
      owedFen: r.owing.owedFen,
      oldestMonth: r.owing.oldestMonth.slice(0, 7),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---- check-off ----

const CHECKOFF_COLUMNS = [
  { key: 'name', headers: ['姓名', 'name'], required: true },
  { key: 'idNumber', headers: ['身份证号', '身份证号码', '公民身份号码', 'idnumber'], required: true },
  { key: 'amount', headers: ['代扣会费', '会费', '扣款金额', '金额', 'amount'], required: true },
] as const;

interface CheckoffLine {
  rowNumber: number;
  name: string;
  idNumber: string | null;
  fen: number | null;
}

async function readCheckoffLines(path: string, format: FileFormat): Promise<CheckoffLine[]> {
  const rows: { rowNumber: number; cells: Cell[] }[] = [];
  for await (const row of readRows(path, format)) {
    rows.push(row);
    if (rows.length > 200_000) break;
  }
  const header = findHeader(
    rows.slice(0, 10).map((r) => r.cells),
    CHECKOFF_COLUMNS,
  );
  if ('missing' in header) throw new AppError(422, 'membership.header_missing', { columns: header.missing.join('、') });
  const at = (cells: Cell[], key: (typeof CHECKOFF_COLUMNS)[number]['key']) => cells[header.indexes.get(key)!] ?? null;
  return rows
    .slice(header.headerIndex + 1)
    .filter((r) => r.cells.some((c) => c !== null && textOf(c) !== ''))
    .map((r) => {
      const id = idNumberOf(at(r.cells, 'idNumber'));
      return {
        rowNumber: r.rowNumber,
        name: textOf(at(r.cells, 'name')),
        idNumber: 'value' in id && id.value ? id.value : null,
        fen: fenOf(at(r.cells, 'amount')),
      };
    });
}

/**
 * Reconciles an employer's payroll deduction sheet for one month against the roster: a person
 * whose deduction equals the month's expected dues is recorded as paid; an amount that differs,
 * a person not on the roll, and a member missing from the sheet each open a discrepancy.
 * The same sheet uploaded twice is refused, so nothing is counted twice.
 */
export async function reconcileCheckoff(
  deps: MembershipDeps,
  context: RequestContext,
  input: { employerId: number; month: string; fileName: string; path: string; format: FileFormat; content: Buffer },
) {
  const scope = scopeOf(context.actor, 'dues.manage');
  const employer = await memberRepo.findEmployer(deps.db, input.employerId);
  if (!employer) throw new ValidationProblem([{ field: 'employerId', messageKey: 'problem.not_found' }]);
  const organisationId = employer.coveringUnionId;
  const union = organisationId ? await findOrganisationInScope(deps.db, organisationId, scope) : null;
  if (!union) {
    return refuseOutOfScope(deps.db, context, { type: 'employer', id: input.employerId, exists: async () => true });
  }
  const lines = await readCheckoffLines(input.path, input.format);
  const month = firstDay(input.month);
  const fileHash = createHash('sha256').update(input.content).digest('hex');
  return deps.db
    .transaction(async (tx) => {
      const file = await duesRepo.insertCheckoffFile(tx, {
        employerId: input.employerId,
        provinceCode: employer.provinceCode,
        organisationId: union.id,
        month,
        fileName: input.fileName.slice(0, 200),
        fileHash,
        rowCount: lines.length,
        matchedCount: 0,
        matchedFen: 0,
        uploadedBy: context.actor.userId,
      });
      if (!file) throw new AppError(409, 'membership.checkoff_duplicate');
      // The month is opened for the union if nobody has yet, so every member has an expected amount.
      await duesRepo.openDuesMonth(tx, [union.path], month);
      const roster = await duesRepo.listEmployerMembersForMonth(tx, input.employerId, [union.path], month);
      const byHash = new Map(roster.map((m) => [m.idNumberHash.toString('hex'), m]));
      const seen = new Set<number>();
      const discrepancies: Parameters<typeof duesRepo.insertDiscrepancies>[1] = [];
      let matchedCount = 0;
      let matchedFen = 0;
      for (const line of lines) {
        const member = line.idNumber ? byHash.get(deps.cipher.blindIndex(line.idNumber).toString('hex')) : undefined;
        const base = {
          fileId: file.id,
          provinceCode: file.provinceCode,
          organisationId: union.id,
          rowNumber: line.rowNumber,
          name: line.name || '—',
          idNumberEnc: line.idNumber ? deps.cipher.encrypt(line.idNumber) : null,
          fileFen: line.fen,
        };
        if (!member || seen.has(member.id)) {
          discrepancies.push({ ...base, kind: 'unknown_person' });
          continue;
        }
        seen.add(member.id);
        const expected = member.expectedFen;
        if (expected === null || line.fen === null || line.fen !== expected - (member.paidFen ?? 0)) {
          discrepancies.push({ ...base, kind: 'amount_differs', memberId: member.id, expectedFen: expected });
          continue;
        }
        if (line.fen > 0) {
          await applyPayment(tx, {
            memberId: member.id,
            month: input.month,
            amountFen: line.fen,
            idempotencyKey: `checkoff:${file.id}:${member.id}`,
            source: 'checkoff',
            checkoffFileId: file.id,
            recordedBy: context.actor.userId,
          });
        }
        matchedCount += 1;
        matchedFen += line.fen;
      }
      for (const member of roster) {
        if (seen.has(member.id) || member.status === 'retained' || !member.expectedFen) continue;
        discrepancies.push({
          fileId: file.id,
          provinceCode: file.provinceCode,
          organisationId: union.id,
          kind: 'missing_from_file',
          memberId: member.id,
          name: member.name,
          idNumberEnc: member.idNumberEnc,
          expectedFen: member.expectedFen,
        });
      }
      await duesRepo.insertDiscrepancies(tx, discrepancies);
      await duesRepo.updateCheckoffFile(tx, file.id, { matchedCount, matchedFen });
      await recordAudit(tx, context, {
        action: 'dues.checkoff_reconcile',
        subjectType: 'checkoff_file',
        subjectId: file.id,
        organisationId: union.id,
        changes: {
          employerId: input.employerId,
          month: input.month,
          rows: lines.length,
          matchedCount,
          matchedFen,
          discrepancies: discrepancies.length,
        },
      });
      return file.id;
    })
    .then((id) => getCheckoffFile(deps, context, id));
}

function toCheckoffFile(row: NonNullable<Awaited<ReturnType<typeof duesRepo.findCheckoffFileInScope>>>) {
  return {
    id: row.file.id,
    employerId: row.file.employerId,
    employerName: row.employerName,
    month: row.file.month.slice(0, 7),
    fileName: row.file.fileName,
    rowCount: row.file.rowCount,
    matchedCount: row.file.matchedCount,
    matchedFen: row.file.matchedFen,
    openDiscrepancies: row.openDiscrepancies,
    createdAt: row.file.createdAt.toISOString(),
  };
}

export async function getCheckoffFile(deps: MembershipDeps, context: RequestContext, id: number) {
  const row = await duesRepo.findCheckoffFileInScope(deps.db, id, scopeOf(context.actor, 'dues.manage'));
  if (!row) throw new AppError(404, 'not_found');
  return toCheckoffFile(row);
}

export async function listCheckoffFiles(
  deps: MembershipDeps,
  context: RequestContext,
  query: { page: number; pageSize: number },
) {
  const { rows, total } = await duesRepo.listCheckoffFiles(
    deps.db,
    scopeOf(context.actor, 'dues.manage'),
    query.page,
    query.pageSize,
  );
  return { items: rows.map(toCheckoffFile), total, page: query.page, pageSize: query.pageSize };
}

export async function listDiscrepancies(
  deps: MembershipDeps,
  context: RequestContext,
  query: { fileId?: number | undefined; status?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await duesRepo.listDiscrepancies(
    deps.db,
    {
      scope: scopeOf(context.actor, 'dues.manage'),
      ...(query.fileId ? { fileId: query.fileId } : {}),
      ...(query.status ? { status: query.status } : {}),
    },
    query.page,
    query.pageSize,
  );
  return {
    items: rows.map(({ discrepancy: d, memberNumber }) => ({
      id: d.id,
      fileId: d.fileId,
      kind: d.kind as 'amount_differs',
      rowNumber: d.rowNumber,
      memberId: d.memberId,
      memberNumber,
      name: d.name,
      idNumberMasked: d.idNumberEnc ? maskIdNumber(deps.cipher.decrypt(d.idNumberEnc)) : null,
      expectedFen: d.expectedFen,
      fileFen: d.fileFen,
      status: d.status as 'open',
      resolution: d.resolution,
      note: d.note,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * A cadre settles a discrepancy: record the sheet's amount as paid (a member whose deduction
 * differed), or close it with a note (e.g. the person left; the employer will correct the sheet).
 */
export async function resolveDiscrepancy(
  deps: MembershipDeps,
  context: RequestContext,
  id: number,
  input: { resolution: 'record_file_amount' | 'no_action'; note: string },
) {
  const scope = scopeOf(context.actor, 'dues.manage');
  await deps.db
    .transaction(async (tx) => {
      const found = await duesRepo.lockDiscrepancyInScope(tx, id, scope);
      if (!found) throw new AppError(404, 'not_found');
      const { discrepancy: d, month } = found;
      if (d.status !== 'open') throw new AppError(409, 'membership.discrepancy_resolved');
      if (input.resolution === 'record_file_amount') {
        if (!d.memberId || !d.fileFen) {
          throw new ValidationProblem([{ field: 'resolution', messageKey: 'problem.membership.not_on_roll' }]);
        }
        await applyPayment(tx, {
          memberId: d.memberId,
          month: month.slice(0, 7),
          amountFen: d.fileFen,
          idempotencyKey: `checkoff-resolve:${d.id}`,
          source: 'checkoff',
          checkoffFileId: d.fileId,
          recordedBy: context.actor.userId,
        });
      }
      await duesRepo.updateDiscrepancy(tx, id, {
        status: 'resolved',
        resolution: input.resolution,
        note: input.note,
        resolvedBy: context.actor.userId,
        resolvedAt: new Date(),
      });
      await recordAudit(tx, context, {
        action: 'dues.discrepancy_resolve',
        subjectType: d.memberId ? 'member' : 'checkoff_discrepancy',
        subjectId: d.memberId ?? id,
        organisationId: d.organisationId,
        changes: { discrepancy: id, resolution: input.resolution, note: input.note },
      });
    })
    .catch(async (error) => {
      if (error instanceof AppError && error.status === 404) {
        await refuseOutOfScope(deps.db, context, {
          type: 'checkoff_discrepancy',
          id,
          exists: () => duesRepo.discrepancyExists(deps.db, id),
        });
      }
      throw error;
    });
  return { ok: true as const };
}
