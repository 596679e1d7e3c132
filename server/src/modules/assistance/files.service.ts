import {
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
import { and, asc, count, desc, eq, ilike, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, notFound } from '../../platform/errors';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import { findMemberInScope } from '../membership';
import { assistanceDocuments, hardshipFileEvents, hardshipFiles } from './assistance.tables';
import { type AssistanceDeps, storeDocument, userNames } from './shared';

type FileRow = typeof hardshipFiles.$inferSelect;
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
  const [row] = await db
    .select()
    .from(hardshipFiles)
    .where(
      and(
        eq(hardshipFiles.memberId, memberId),
        eq(hardshipFiles.provinceCode, provinceCode),
        eq(hardshipFiles.status, 'open'),
      ),
    );
  if (!row) return null;
  return {
    id: row.id,
    tier: row.tier as HardshipTier,
    incomePerHeadFen: Number(deps.cipher.decrypt(row.incomePerHeadEnc)),
  };
}

async function fileInScope(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  permission: 'assistance.read' | 'assistance.manage',
) {
  const [row] = await deps.db.select().from(hardshipFiles).where(eq(hardshipFiles.id, id));
  if (!row || !isWithin(row.organisationPath, scopeOf(context.actor, permission))) {
    return refuseOutOfScope(deps.db, context, { type: 'hardship_file', id, exists: async () => row !== undefined });
  }
  return row;
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
  const [member] = await deps.db
    .execute<{ name: string }>(
      sql`SELECT name FROM members WHERE id = ${row.memberId} AND province_code = ${row.provinceCode}`,
    )
    .then((r) => r.rows);
  const [names, events, documents] = await Promise.all([
    organisationNames(deps.db, [row.organisationId]),
    deps.db
      .select()
      .from(hardshipFileEvents)
      .where(and(eq(hardshipFileEvents.fileId, row.id), eq(hardshipFileEvents.provinceCode, row.provinceCode)))
      .orderBy(asc(hardshipFileEvents.id)),
    deps.db
      .select({
        id: assistanceDocuments.id,
        kind: assistanceDocuments.kind,
        fileName: assistanceDocuments.fileName,
        size: assistanceDocuments.size,
        createdAt: assistanceDocuments.createdAt,
      })
      .from(assistanceDocuments)
      .where(and(eq(assistanceDocuments.fileId, row.id), eq(assistanceDocuments.provinceCode, row.provinceCode)))
      .orderBy(asc(assistanceDocuments.createdAt)),
  ]);
  const actors = await userNames(
    deps.db,
    events.map((e) => e.actorUserId),
  );
  const household = JSON.parse(deps.cipher.decrypt(row.householdEnc)) as Household;
  return {
    ...listItem(row, member?.name ?? '', names.get(row.organisationId) ?? ''),
    memberName: revealed ? (member?.name ?? '') : maskName(member?.name ?? ''),
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
    documents: documents.map((d) => ({ ...d, kind: d.kind as DocumentKind, createdAt: d.createdAt.toISOString() })),
    version: row.version,
    events: events.map((e) => ({
      action: e.action,
      actorName: e.actorUserId ? (actors.get(e.actorUserId) ?? null) : null,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
  };
}

async function addEvent(tx: Executor, row: FileRow, context: RequestContext, action: string, note = '') {
  await tx.insert(hardshipFileEvents).values({
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
      exists: async () =>
        (await deps.db.execute(sql`SELECT 1 FROM members WHERE id = ${body.memberId}`)).rows.length > 0,
    });
  }
  const member = found.member;
  if (await openFileOf(deps, deps.db, member.id, member.provinceCode)) {
    throw new AppError(409, 'assistance.member_has_file');
  }
  const today = todayInChina();
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(hardshipFiles)
      .values({
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
      })
      .returning();
    await addEvent(tx, inserted!, context, 'open');
    return inserted!;
  });
  return toView(deps, row, false);
}

export async function listFiles(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof listFilesQuerySchema>,
) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const conditions: SQL[] = [inSubtrees(hardshipFiles.organisationPath, scope)];
  if (query.status) conditions.push(eq(hardshipFiles.status, query.status));
  if (query.tier) conditions.push(eq(hardshipFiles.tier, query.tier));
  if (query.dueForVerification) {
    conditions.push(
      eq(hardshipFiles.status, 'open'),
      lte(hardshipFiles.nextVerificationOn, addDays(todayInChina(), 30)),
    );
  }
  if (query.q) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM members m WHERE m.id = ${hardshipFiles.memberId} AND m.province_code = ${hardshipFiles.provinceCode} AND ${ilike(sql`m.name`, `%${query.q}%`)})`,
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ file: hardshipFiles, memberName: sql<string>`m.name` })
      .from(hardshipFiles)
      .innerJoin(
        sql`members m`,
        sql`m.id = ${hardshipFiles.memberId} AND m.province_code = ${hardshipFiles.provinceCode}`,
      )
      .where(where)
      .orderBy(
        query.dueForVerification ? asc(hardshipFiles.nextVerificationOn) : desc(hardshipFiles.createdAt),
        desc(hardshipFiles.id),
      )
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    deps.db.select({ total: count() }).from(hardshipFiles).where(where),
  ]);
  const names = await organisationNames(
    deps.db,
    rows.map((r) => r.file.organisationId),
  );
  return {
    items: rows.map((r) => listItem(r.file, r.memberName, names.get(r.file.organisationId) ?? '')),
    total: total?.total ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getFile(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, await fileInScope(deps, context, id, 'assistance.read'), false);
}

/** The household's names, health and income, for a cadre who manages the file; the reason is audited. */
export async function revealFile(deps: AssistanceDeps, context: RequestContext, id: number, reason: string) {
  const row = await fileInScope(deps, context, id, 'assistance.manage');
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
  change: (row: FileRow) => Partial<typeof hardshipFiles.$inferInsert>,
  event: { action: string; note?: string },
) {
  const row = await fileInScope(deps, context, id, 'assistance.manage');
  if (row.status !== 'open') throw new AppError(409, 'assistance.file_closed');
  const updated = await deps.db.transaction(async (tx) => {
    const [next] = await tx
      .update(hardshipFiles)
      .set({ ...change(row), version: row.version + 1, updatedAt: new Date() })
      .where(
        and(
          eq(hardshipFiles.id, id),
          eq(hardshipFiles.provinceCode, row.provinceCode),
          eq(hardshipFiles.version, version),
        ),
      )
      .returning();
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
  const files = await deps.db
    .select()
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.memberId, member.id), eq(hardshipFiles.provinceCode, member.provinceCode)))
    .orderBy(desc(hardshipFiles.createdAt));
  const applications = await deps.db.execute<{
    id: number;
    programme_name: string;
    stage: string;
    amount_fen: string | null;
    payment_status: string | null;
    created_at: Date;
  }>(sql`
    SELECT a.id, p.name AS programme_name, a.stage,
      coalesce(a.approved_fen, a.reviewed_fen, a.checked_fen, a.requested_fen) AS amount_fen,
      pay.status AS payment_status, a.created_at
    FROM assistance_applications a
    JOIN assistance_programmes p ON p.id = a.programme_id
    LEFT JOIN assistance_payments pay ON pay.application_id = a.id AND pay.province_code = a.province_code
    WHERE a.member_id = ${member.id} AND a.province_code = ${member.provinceCode}
    ORDER BY a.created_at DESC`);
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
      applications: applications.rows.map((a) => ({
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
      ...applications.rows.map((a) => ({ type: 'assistance_application', id: String(a.id) })),
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
  const row = await fileInScope(deps, context, id, 'assistance.manage');
  await storeDocument(deps, context, { ...row, of: 'file' }, kind, file);
  return toView(deps, row, false);
}

/** A file's document, for a cadre who may read the file; the download is audited. */
export async function readFileDocument(deps: AssistanceDeps, context: RequestContext, id: number, documentId: string) {
  const row = await fileInScope(deps, context, id, 'assistance.read');
  const [document] = await deps.db
    .select()
    .from(assistanceDocuments)
    .where(
      and(
        eq(assistanceDocuments.id, documentId),
        eq(assistanceDocuments.fileId, row.id),
        eq(assistanceDocuments.provinceCode, row.provinceCode),
      ),
    );
  if (!document) throw notFound();
  await recordAudit(deps.db, context, {
    action: 'hardship_file.document_read',
    subjectType: 'hardship_file',
    subjectId: row.id,
    organisationId: row.organisationId,
    changes: { documentId },
  });
  return document;
}
