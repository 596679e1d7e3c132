import { and, asc, desc, eq, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { byPinyin, escapeLike, inSubtrees } from '../../db/sql';
import { documents } from '../../platform/documents.tables';
import { organisations } from '../../platform/organisations.tables';
import { roleAssignments, users } from '../accounts/accounts.tables';
import { members } from '../membership/membership.tables';
import { rightsAttachments, rightsBreakGlass, rightsCaseEvents, rightsCases, rightsCaseTeam } from './rights.tables';

// The case aggregate: a case with its events, team, attachments, break-glass grants and the
// notifications it sends. Every query of the rights services is here; scope is in the WHERE clause.

export type CaseRow = typeof rightsCases.$inferSelect;
type CaseKey = Pick<CaseRow, 'id' | 'provinceCode'>;
const isCase = (row: CaseKey) => and(eq(rightsCases.id, row.id), eq(rightsCases.provinceCode, row.provinceCode));

export async function findCase(db: Executor, id: number) {
  const [row] = await db.select().from(rightsCases).where(eq(rightsCases.id, id));
  return row;
}

/** An anonymous report by its follow-up code's hash, on the code's province. */
export async function findCaseByFollowUp(db: Executor, followUpHash: string, provinceCode: string) {
  const [row] = await db
    .select()
    .from(rightsCases)
    .where(and(eq(rightsCases.followUpHash, followUpHash), eq(rightsCases.provinceCode, provinceCode)));
  return row;
}

/** The cases a person filed under their account, newest first (anonymous reports name no one). */
export function casesReportedBy(db: Executor, userId: string, limit = 500) {
  return db
    .select()
    .from(rightsCases)
    .where(eq(rightsCases.reporterUserId, userId))
    .orderBy(desc(rightsCases.createdAt))
    .limit(limit);
}

// ---- who sees a case ----

/** Cases a user is on the team of or holds unexpired break-glass access to (a small set). */
export async function teamAndBreakGlassCaseIds(db: Executor, userId: string): Promise<number[]> {
  const own = await db.execute<{ id: number }>(sql`
    SELECT case_id AS id FROM rights_case_team WHERE user_id = ${userId}
    UNION SELECT case_id FROM rights_break_glass WHERE user_id = ${userId} AND expires_at > now()`);
  return own.rows.map((r) => Number(r.id));
}

/**
 * The cases a cadre may see, as a condition: outside confidential cases, those in `readPaths`; and
 * the cases of `ids`. Two index conditions PostgreSQL can combine (a bitmap OR of the path index
 * and the primary key), not a subquery per row.
 */
/** The open cases a user handles, or helps with as a team member (the handler's inbox). */
function handledBy(userId: string): SQL {
  return sql`(${rightsCases.id}, ${rightsCases.provinceCode}) IN (
        SELECT id, province_code FROM rights_cases WHERE handler_user_id = ${userId} AND closed_at IS NULL
        UNION ALL
        SELECT t.case_id, t.province_code FROM rights_case_team t WHERE t.user_id = ${userId} AND t.role = 'member')`;
}

export function visibleCases(readPaths: readonly string[], ids: readonly number[]): SQL {
  const subtree = sql`(NOT ${rightsCases.confidential} AND ${inSubtrees(rightsCases.organisationPath, readPaths)})`;
  return ids.length > 0 ? sql`(${subtree} OR ${rightsCases.id} = ANY(${sql.param(ids)}::bigint[]))` : subtree;
}

export function teamRolesOf(db: Executor, row: CaseKey, userId: string) {
  return db
    .select({ role: rightsCaseTeam.role })
    .from(rightsCaseTeam)
    .where(
      and(
        eq(rightsCaseTeam.caseId, row.id),
        eq(rightsCaseTeam.provinceCode, row.provinceCode),
        eq(rightsCaseTeam.userId, userId),
      ),
    );
}

/** When the user's latest unexpired break-glass access to the case ends, if they hold one. */
export async function breakGlassUntil(db: Executor, row: CaseKey, userId: string): Promise<Date | null> {
  const [glass] = await db
    .select({ expiresAt: rightsBreakGlass.expiresAt })
    .from(rightsBreakGlass)
    .where(
      and(
        eq(rightsBreakGlass.caseId, row.id),
        eq(rightsBreakGlass.provinceCode, row.provinceCode),
        eq(rightsBreakGlass.userId, userId),
        sql`${rightsBreakGlass.expiresAt} > now()`,
      ),
    )
    .orderBy(desc(rightsBreakGlass.expiresAt))
    .limit(1);
  return glass?.expiresAt ?? null;
}

export async function insertBreakGlass(tx: Executor, values: typeof rightsBreakGlass.$inferInsert) {
  await tx.insert(rightsBreakGlass).values(values);
}

// ---- what a case shows ----

export function caseEvents(db: Executor, row: CaseKey, publicOnly: boolean) {
  return db
    .select({ event: rightsCaseEvents, actorName: users.displayName, organisationName: organisations.name })
    .from(rightsCaseEvents)
    .leftJoin(users, eq(users.id, rightsCaseEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, rightsCaseEvents.organisationId))
    .where(
      and(
        eq(rightsCaseEvents.caseId, row.id),
        eq(rightsCaseEvents.provinceCode, row.provinceCode),
        publicOnly ? eq(rightsCaseEvents.public, true) : undefined,
      ),
    )
    .orderBy(asc(rightsCaseEvents.id));
}

export function caseAttachments(db: Executor, row: CaseKey) {
  return db
    .select({
      id: rightsAttachments.id,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      size: documents.size,
      sha256: documents.sha256,
      createdAt: rightsAttachments.createdAt,
    })
    .from(rightsAttachments)
    .innerJoin(
      documents,
      and(eq(documents.id, rightsAttachments.id), eq(documents.provinceCode, rightsAttachments.provinceCode)),
    )
    .where(and(eq(rightsAttachments.caseId, row.id), eq(rightsAttachments.provinceCode, row.provinceCode)))
    .orderBy(asc(rightsAttachments.createdAt));
}

/** Wage-arrears reports about the case's employer in the last 12 months. */
export async function wageArrearsReportsAbout(db: Executor, row: Pick<CaseRow, 'employerKey' | 'provinceCode'>) {
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(rightsCases)
    .where(
      and(
        eq(rightsCases.employerKey, row.employerKey!),
        eq(rightsCases.provinceCode, row.provinceCode),
        eq(rightsCases.kind, 'wage_arrears'),
        sql`${rightsCases.createdAt} > now() - interval '12 months'`,
      ),
    );
  return counted?.n ?? 0;
}

export async function userNameAndMobile(db: Executor, userId: string) {
  const [user] = await db
    .select({ name: users.displayName, mobileEnc: users.mobileEnc })
    .from(users)
    .where(eq(users.id, userId));
  return user ?? null;
}

// ---- where a case goes ----

/** Federations that receive reports (the "desks"): city and county federations, open. */
export function listDesks(db: Executor) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.type, 'federation'),
        inArray(organisations.level, ['city', 'county']),
        eq(organisations.status, 'active'),
      ),
    )
    .orderBy(asc(organisations.level), byPinyin(organisations.name));
}

export async function findActiveFederation(db: Executor, id: number) {
  const [desk] = await db
    .select({ id: organisations.id, regionCode: organisations.regionCode, path: organisations.path })
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.type, 'federation'), eq(organisations.status, 'active')));
  return desk ?? null;
}

/** The path of the union of the user's member record, if they have one. */
export async function unionPathOfMember(db: Executor, userId: string) {
  const [member] = await db
    .select({ path: organisations.path })
    .from(members)
    .innerJoin(organisations, eq(organisations.id, members.organisationId))
    .where(eq(members.userId, userId))
    .limit(1);
  return member?.path ?? null;
}

/** Which of `ids` are open federations. */
export async function activeFederationIds(db: Executor, ids: number[]) {
  const rows = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(
      and(inArray(organisations.id, ids), eq(organisations.type, 'federation'), eq(organisations.status, 'active')),
    );
  return new Set(rows.map((r) => r.id));
}

/**
 * Active users holding one of `roles` at the organisation of `path` or above it (a role covers its
 * subtree), with where they hold it: who may dispatch, handle or audit there. `within` keeps the
 * holders whose organisation lies in those subtrees; `limit` pages them by name.
 */
export function roleHoldersOver(
  db: Executor,
  roles: readonly string[],
  path: string,
  filter: { within?: readonly string[]; userId?: string; limit?: number } = {},
) {
  const query = db
    .selectDistinct({
      userId: users.id,
      name: users.displayName,
      organisationName: organisations.name,
      depth: sql<number>`nlevel(${organisations.path})`,
    })
    .from(roleAssignments)
    .innerJoin(users, eq(users.id, roleAssignments.userId))
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(
      and(
        inArray(roleAssignments.role, [...roles]),
        eq(users.status, 'active'),
        sql`${path}::ltree <@ ${organisations.path}`,
        filter.within ? inSubtrees(organisations.path, filter.within) : undefined,
        filter.userId ? eq(users.id, filter.userId) : undefined,
      ),
    );
  return filter.limit === undefined ? query : query.orderBy(asc(users.displayName)).limit(filter.limit);
}

// ---- writes ----

export async function insertCase(tx: Executor, values: typeof rightsCases.$inferInsert) {
  const [row] = await tx.insert(rightsCases).values(values).returning();
  return row!;
}

/** The case changed, if it is still at the version the person saw; null when someone was first. */
export async function updateCaseAtVersion(tx: Executor, row: CaseRow, patch: Partial<typeof rightsCases.$inferInsert>) {
  const [updated] = await tx
    .update(rightsCases)
    .set({ ...patch, version: row.version + 1, updatedAt: new Date() })
    .where(and(isCase(row), eq(rightsCases.version, row.version)))
    .returning();
  return updated ?? null;
}

export async function insertEvent(tx: Executor, values: typeof rightsCaseEvents.$inferInsert) {
  await tx.insert(rightsCaseEvents).values(values);
}

/** Cases entered at once (a hotline's register, the demo's history); their ids. */
export async function insertCases(tx: Executor, values: (typeof rightsCases.$inferInsert)[]) {
  return tx.insert(rightsCases).values(values).returning({ id: rightsCases.id });
}

export async function insertEvents(tx: Executor, values: (typeof rightsCaseEvents.$inferInsert)[]) {
  if (values.length > 0) await tx.insert(rightsCaseEvents).values(values);
}

/** On the team with a role; a handler stays a handler when added again as something else. */
export async function addToTeam(tx: Executor, row: CaseKey, userId: string, role: 'dispatcher' | 'handler' | 'member') {
  await tx
    .insert(rightsCaseTeam)
    .values({ provinceCode: row.provinceCode, caseId: row.id, userId, role })
    .onConflictDoUpdate({
      target: [rightsCaseTeam.caseId, rightsCaseTeam.userId, rightsCaseTeam.provinceCode],
      set: { role: sql`CASE WHEN excluded.role = 'handler' THEN 'handler' ELSE ${rightsCaseTeam.role} END` },
    });
}

export async function insertAttachment(tx: Executor, values: typeof rightsAttachments.$inferInsert) {
  const [stored] = await tx.insert(rightsAttachments).values(values).returning({ id: rightsAttachments.id });
  return stored!;
}

export async function findAttachment(db: Executor, caseId: number, attachmentId: string) {
  const [file] = await db
    .select()
    .from(rightsAttachments)
    .where(and(eq(rightsAttachments.id, attachmentId), eq(rightsAttachments.caseId, caseId)));
  return file ?? null;
}

// ---- lists ----

/** Totals are counted up to here: "10,000+" is as useful as the exact figure and far cheaper. */
export const CAPPED_TOTAL = 10_000;

export interface CaseListFilter {
  box: 'mine' | 'all' | 'escalated' | 'overdue';
  userId: string;
  /** Where the actor holds rights.read, and the cases they see beyond it (team, break-glass). */
  readPaths: readonly string[];
  visibleIds: readonly number[];
  stage?: string | undefined;
  kind?: string | undefined;
  q?: string | undefined;
  /** Only this subtree; null: an organisation that does not exist, so nothing. */
  organisationPath?: string | null | undefined;
}

export async function listCasePage(db: Executor, filter: CaseListFilter, page: number, pageSize: number) {
  const conditions: (SQL | undefined)[] = [
    filter.stage ? eq(rightsCases.stage, filter.stage) : undefined,
    filter.kind ? eq(rightsCases.kind, filter.kind) : undefined,
    filter.q
      ? /^\d+$/.test(filter.q)
        ? eq(rightsCases.id, Number(filter.q))
        : sql`${rightsCases.title} ILIKE ${`%${escapeLike(filter.q)}%`}`
      : undefined,
  ];
  if (filter.organisationPath !== undefined) {
    conditions.push(
      filter.organisationPath === null
        ? sql`false`
        : inSubtrees(rightsCases.organisationPath, [filter.organisationPath]),
    );
  }
  let where: SQL | undefined;
  let order = [desc(rightsCases.createdAt), desc(rightsCases.id)];
  if (filter.box === 'mine') {
    // The handler's inbox: open cases they handle (the partial index on open cases by handler) or
    // help with as a team member, soonest due first. The team table also holds every closed case
    // a handler ever had, so it is not the way in for their own.
    where = and(handledBy(filter.userId), sql`${rightsCases.closedAt} IS NULL`, ...conditions);
    order = [asc(rightsCases.dueOn), asc(rightsCases.id)];
  } else {
    const box =
      filter.box === 'overdue'
        ? and(sql`${rightsCases.closedAt} IS NULL`, eq(rightsCases.overdue, true))
        : filter.box === 'escalated'
          ? and(
              sql`${rightsCases.closedAt} IS NULL`,
              sql`${rightsCases.escalatedToId} IN (SELECT id FROM organisations e WHERE ${inSubtrees(sql`e.path`, filter.readPaths)})`,
            )
          : undefined;
    where = and(visibleCases(filter.readPaths, filter.visibleIds), box, ...conditions);
  }
  const [rows, counted] = await Promise.all([
    db
      .select({ row: rightsCases, organisationName: organisations.name, handlerName: users.displayName })
      .from(rightsCases)
      .innerJoin(organisations, eq(organisations.id, rightsCases.organisationId))
      .leftJoin(users, eq(users.id, rightsCases.handlerUserId))
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM rights_cases WHERE ${where} LIMIT ${CAPPED_TOTAL}) capped`,
    ),
  ]);
  return { rows, total: counted.rows[0]?.n ?? 0 };
}

// ---- to-do ----

/**
 * A cadre's open work, counted in one pass over the open cases they may see or handle: cases
 * waiting to be dispatched where they dispatch, their own cases past the warning date (as handler
 * or team member), and overdue cases they may read.
 */
export async function countCaseWork(
  db: Executor,
  who: {
    userId: string;
    dispatchPaths: readonly string[];
    readPaths: readonly string[];
    visibleIds: readonly number[];
    today: string;
  },
) {
  const mine = handledBy(who.userId);
  const dispatchable = visibleCases(who.dispatchPaths, who.visibleIds);
  const readable = visibleCases(who.readPaths, who.visibleIds);
  const [row] = await db
    .select({
      toDispatch: sql<number>`count(*) FILTER (WHERE ${rightsCases.stage} = 'accepted' AND ${dispatchable})::int`,
      nearDeadline: sql<number>`count(*) FILTER (WHERE ${mine} AND ${rightsCases.warnOn} <= ${who.today}::date)::int`,
      overdue: sql<number>`count(*) FILTER (WHERE ${rightsCases.overdue} AND ${readable})::int`,
    })
    .from(rightsCases)
    .where(and(sql`${rightsCases.closedAt} IS NULL`, or(mine, dispatchable, readable)));
  return row ?? { toDispatch: 0, nearDeadline: 0, overdue: 0 };
}
