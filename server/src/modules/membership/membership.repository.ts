import { and, asc, count, desc, eq, gt, inArray, isNotNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { auditLog } from '../../platform/audit.tables';
import { employers, organisations } from '../../platform/organisations.tables';
import { provinceOf } from '../../platform/province';
import { authChanged } from '../../platform/session-cache';
import { roleAssignments } from '../accounts/accounts.tables';
import {
  checkoffDiscrepancies,
  checkoffFiles,
  correctionRequests,
  duesMonths,
  duesPayments,
  joinApplications,
  memberCards,
  memberPersons,
  memberStatusEvents,
  members,
  memberTallies,
  memberTransfers,
  rosterImportErrors,
  rosterImports,
} from './membership.tables';

export type MemberRow = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;
export type ApplicationRow = typeof joinApplications.$inferSelect;

const UNION_TYPES = ['grassroots', 'joint_grassroots', 'holding_union', 'branch'] as const;

// ---- organisations and employers, as membership sees them ----

export async function findUnion(db: Executor, id: number) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, type: organisations.type })
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.status, 'active'), inArray(organisations.type, UNION_TYPES)));
  return row ?? null;
}

export async function findOrganisationInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, type: organisations.type })
    .from(organisations)
    .where(and(eq(organisations.id, id), inSubtrees(organisations.path, scope)));
  return row ?? null;
}

/** The active holding union whose region lies in the city (first four digits of the code). */
export async function findHoldingUnionForRegion(db: Executor, regionCode: string) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.type, 'holding_union'),
        eq(organisations.status, 'active'),
        sql`left(${organisations.regionCode}, 4) = ${regionCode.slice(0, 4)}`,
      ),
    )
    // the county's own holding union before the city's
    .orderBy(sql`${organisations.regionCode} = ${regionCode} DESC`, asc(organisations.id))
    .limit(1);
  return row ?? null;
}

export async function findEmployer(db: Executor, id: number) {
  const [row] = await db
    .select({
      id: employers.id,
      provinceCode: employers.provinceCode,
      name: employers.name,
      coveringUnionId: employers.coveringUnionId,
    })
    .from(employers)
    .where(eq(employers.id, id));
  return row ?? null;
}

/** Employers of one province by credit code (a member's employer is in the member's province). */
export async function findEmployersByUscc(db: Executor, codes: string[], provinceCode: string) {
  if (codes.length === 0) return [];
  return db
    .select({ id: employers.id, uscc: employers.uscc })
    .from(employers)
    .where(and(inArray(employers.uscc, codes), eq(employers.provinceCode, provinceCode)));
}

// ---- members ----

const union = alias(organisations, 'member_union');
const memberEmployer = alias(employers, 'member_employer');

const memberColumns = {
  member: members,
  organisationName: union.name,
  employerName: memberEmployer.name,
};

function memberSelect(db: Executor) {
  return db
    .select(memberColumns)
    .from(members)
    .innerJoin(union, eq(union.id, members.organisationId))
    .leftJoin(
      memberEmployer,
      and(eq(memberEmployer.id, members.employerId), eq(memberEmployer.provinceCode, members.provinceCode)),
    );
}
export type MemberView = Awaited<ReturnType<typeof findMemberInScope>> & {};

export async function findMemberInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await memberSelect(db).where(and(eq(members.id, id), inSubtrees(members.organisationPath, scope)));
  return row ?? null;
}

export async function findMemberView(db: Executor, id: number) {
  const [row] = await memberSelect(db).where(eq(members.id, id));
  return row ?? null;
}

export async function findMemberByUser(db: Executor, userId: string) {
  const [row] = await memberSelect(db).where(eq(members.userId, userId));
  return row ?? null;
}

export async function memberExists(db: Executor, id: number) {
  const [row] = await db.select({ id: members.id }).from(members).where(eq(members.id, id));
  return Boolean(row);
}

export async function lockMember(db: Executor, id: number) {
  const [row] = await db.select().from(members).where(eq(members.id, id)).for('update');
  return row ?? null;
}

/** Who holds this ID number (unique index on the blind index): the one-person-one-membership check. */
export async function findMemberByIdHash(db: Executor, idNumberHash: Buffer) {
  const [row] = await db
    .select({
      id: members.id,
      provinceCode: members.provinceCode,
      name: members.name,
      status: members.status,
      organisationName: union.name,
      userId: members.userId,
    })
    .from(members)
    .innerJoin(union, eq(union.id, members.organisationId))
    .where(eq(members.idNumberHash, idNumberHash));
  return row ?? null;
}

export async function findMemberByMobileHash(db: Executor, mobileHash: Buffer) {
  const [row] = await db
    .select({ id: members.id, userId: members.userId, idNumberHash: members.idNumberHash })
    .from(members)
    .where(eq(members.mobileHash, mobileHash));
  return row ?? null;
}

/**
 * A new member in the province of its union, registered in member_persons in the same
 * transaction: that registry's key is what makes one membership per person nationwide.
 * The member number is the union's region code followed by the next number of a national sequence.
 */
export async function insertMember(
  db: Executor,
  values: Omit<NewMember, 'memberNumber' | 'provinceCode'>,
  options: {
    /** The person's row in another province: the registry moves to the new row, that one stays as history. */
    replacing?: { id: number };
    /** Kept across a transfer between provinces. */
    memberNumber?: string;
  } = {},
) {
  const { replacing } = options;
  const [union] = await db
    .select({ regionCode: organisations.regionCode })
    .from(organisations)
    .where(eq(organisations.id, values.organisationId));
  if (!union) throw new Error(`organisation ${values.organisationId} not found`);
  const provinceCode = provinceOf(union.regionCode);
  const [row] = await db
    .insert(members)
    .values({
      ...values,
      provinceCode,
      memberNumber:
        options.memberNumber ?? sql`${union.regionCode} || lpad(nextval('member_number_seq')::text, 10, '0')`,
    })
    .returning();
  if (replacing) {
    await db
      .update(memberPersons)
      .set({ provinceCode, memberId: row!.id })
      .where(and(eq(memberPersons.idNumberHash, row!.idNumberHash), eq(memberPersons.memberId, replacing.id)));
  } else {
    await db.insert(memberPersons).values({ idNumberHash: row!.idNumberHash, provinceCode, memberId: row!.id });
  }
  return row!;
}

export async function updateMember(db: Executor, id: number, values: Partial<NewMember>) {
  const [row] = await db
    .update(members)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(members.id, id))
    .returning();
  return row!;
}

export async function insertStatusEvent(db: Executor, values: typeof memberStatusEvents.$inferInsert) {
  await db.insert(memberStatusEvents).values(values);
}

export async function listStatusEvents(db: Executor, memberId: number) {
  return db
    .select({ event: memberStatusEvents, organisationName: organisations.name })
    .from(memberStatusEvents)
    .innerJoin(organisations, eq(organisations.id, memberStatusEvents.organisationId))
    .where(eq(memberStatusEvents.memberId, memberId))
    .orderBy(desc(memberStatusEvents.effectiveOn), desc(memberStatusEvents.id));
}

export interface MemberFilter {
  scope: readonly string[];
  organisationPath?: string | undefined;
  employerId?: number | undefined;
  status?: string | undefined;
  employmentForm?: string | undefined;
  /** One of the ways to find a person. */
  idNumberHash?: Buffer | undefined;
  mobileHash?: Buffer | undefined;
  memberNumber?: string | undefined;
  nameTokens?: string[] | undefined;
  nameLike?: string | undefined;
}

function escapeLike(value: string) {
  return value.replace(/[\\%_]/g, '\\$&');
}

function memberConditions(filter: MemberFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [inSubtrees(members.organisationPath, filter.scope)];
  if (filter.organisationPath) conditions.push(inSubtrees(members.organisationPath, [filter.organisationPath]));
  if (filter.employerId) conditions.push(eq(members.employerId, filter.employerId));
  if (filter.status) conditions.push(eq(members.status, filter.status));
  if (filter.employmentForm) conditions.push(eq(members.employmentForm, filter.employmentForm));
  if (filter.idNumberHash) conditions.push(eq(members.idNumberHash, filter.idNumberHash));
  if (filter.mobileHash) conditions.push(eq(members.mobileHash, filter.mobileHash));
  if (filter.memberNumber) conditions.push(eq(members.memberNumber, filter.memberNumber));
  // GIN on name_tokens finds candidates; LIKE keeps only names with the characters in order.
  if (filter.nameTokens) {
    const tokens = sql.join(
      filter.nameTokens.map((token) => sql`${token}`),
      sql`, `,
    );
    conditions.push(sql`${members.nameTokens} @> ARRAY[${tokens}]::text[]`);
  }
  if (filter.nameLike) conditions.push(sql`${members.name} LIKE ${`%${escapeLike(filter.nameLike)}%`}`);
  return and(...conditions);
}

const EXACT_KEYS = {
  idNumberHash: members.idNumberHash,
  mobileHash: members.mobileHash,
  memberNumber: members.memberNumber,
} as const;
type ExactKey = keyof typeof EXACT_KEYS;

/** A person found by a blind index or member number within the scope, as a named prepared statement. */
function prepareExactLookup(db: Executor, key: ExactKey) {
  return memberSelect(db)
    .where(
      and(
        eq(EXACT_KEYS[key], sql.placeholder('value')),
        // after the key's own index has found the one or two rows, the scope is a filter on them
        sql`${members.organisationPath} <@ ANY(${sql.placeholder('scope')}::ltree[])`,
      ),
    )
    .orderBy(desc(members.id))
    .limit(100)
    .prepare(`gonghui-member-by-${key}`);
}

// Looking a person up by ID number, mobile or member number is the desk's everyday query: prepared
// once per database handle, so neither the query builder nor PostgreSQL's planner runs for each one.
const exactLookups = new WeakMap<Executor, Record<ExactKey, ReturnType<typeof prepareExactLookup>>>();

function exactLookup(db: Executor, key: ExactKey) {
  let prepared = exactLookups.get(db);
  if (!prepared) {
    prepared = {
      idNumberHash: prepareExactLookup(db, 'idNumberHash'),
      mobileHash: prepareExactLookup(db, 'mobileHash'),
      memberNumber: prepareExactLookup(db, 'memberNumber'),
    };
    exactLookups.set(db, prepared);
  }
  return prepared[key];
}

/** The key of a lookup by exactly one identifier and nothing else, or null. */
function exactKeyOf(filter: MemberFilter): ExactKey | null {
  if (filter.organisationPath || filter.employerId || filter.status || filter.employmentForm) return null;
  const keys = (Object.keys(EXACT_KEYS) as ExactKey[]).filter((key) => filter[key] !== undefined);
  return keys.length === 1 ? keys[0]! : null;
}

/** One page, and a count that stops at `countLimit` so a broad filter over millions stays fast. */
export async function listMembers(db: Executor, filter: MemberFilter, page: number, pageSize: number) {
  if (filter.idNumberHash || filter.mobileHash || filter.memberNumber) {
    // A blind index or member number names one person per province at most: one query, no count.
    const key = exactKeyOf(filter);
    const rows = key
      ? await exactLookup(db, key).execute({ value: filter[key], scope: filter.scope })
      : await memberSelect(db).where(memberConditions(filter)).orderBy(desc(members.id)).limit(100);
    return { rows: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, totalIsLowerBound: false };
  }
  const where = memberConditions(filter);
  const countLimit = 1_000;
  const [rows, totals] = await Promise.all([
    memberSelect(db)
      .where(where)
      .orderBy(desc(members.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.execute<{ total: number }>(
      sql`SELECT count(*)::int AS total FROM (SELECT 1 FROM ${members} WHERE ${where} LIMIT ${countLimit + 1}) m`,
    ),
  ]);
  const total = totals.rows[0]?.total ?? 0;
  return { rows, total: Math.min(total, countLimit), totalIsLowerBound: total > countLimit };
}

/** All matching members in batches by id, for exports that must not hold a million rows at once. */
export async function* iterateMembers(db: Executor, filter: MemberFilter, batchSize = 5000) {
  let afterId = 0;
  for (;;) {
    const rows = await memberSelect(db)
      .where(and(memberConditions(filter), gt(members.id, afterId)))
      .orderBy(asc(members.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1]!.member.id;
  }
}

/**
 * Members on the roll who joined before the window, paid no dues in it and did not take part
 * since its start: who the lapse rule would lapse.
 */
function lapseConditions(scope: readonly string[], windowStart: string) {
  return and(
    inSubtrees(members.organisationPath, scope),
    eq(members.status, 'active'),
    lt(members.joinedOn, windowStart),
    or(sql`${members.lastParticipationOn} IS NULL`, lt(members.lastParticipationOn, windowStart)),
    sql`NOT EXISTS (SELECT 1 FROM ${duesPayments} p WHERE p.member_id = ${members.id} AND p.month >= ${windowStart})`,
  );
}

export async function previewLapse(db: Executor, scope: readonly string[], windowStart: string) {
  const where = lapseConditions(scope, windowStart);
  const [sample, totals] = await Promise.all([
    memberSelect(db).where(where).orderBy(asc(members.id)).limit(20),
    db.select({ total: count() }).from(members).where(where),
  ]);
  return { sample, total: totals[0]?.total ?? 0 };
}

/** Lapses them in one statement and writes their status facts; returns how many. */
export async function applyLapse(
  db: Executor,
  scope: readonly string[],
  windowStart: string,
  fact: { effectiveOn: string; reason: string; actorUserId: string | null; actorName: string | null },
) {
  const lapsed = await db
    .update(members)
    .set({ status: 'lapsed', statusSince: fact.effectiveOn, updatedAt: new Date() })
    .where(lapseConditions(scope, windowStart))
    .returning({ id: members.id, provinceCode: members.provinceCode, organisationId: members.organisationId });
  if (lapsed.length > 0) {
    await db.insert(memberStatusEvents).values(
      lapsed.map((m) => ({
        memberId: m.id,
        provinceCode: m.provinceCode,
        organisationId: m.organisationId,
        status: 'lapsed',
        effectiveOn: fact.effectiveOn,
        reason: fact.reason,
        actorUserId: fact.actorUserId,
        actorName: fact.actorName,
      })),
    );
  }
  return lapsed;
}

// ---- applications ----

const applicationUnion = alias(organisations, 'application_union');
const applicationEmployer = alias(employers, 'application_employer');
const applicationColumns = {
  application: joinApplications,
  organisationName: applicationUnion.name,
  registeredEmployerName: applicationEmployer.name,
  memberNumber: members.memberNumber,
};
function applicationSelect(db: Executor) {
  return db
    .select(applicationColumns)
    .from(joinApplications)
    .innerJoin(applicationUnion, eq(applicationUnion.id, joinApplications.organisationId))
    .leftJoin(applicationEmployer, eq(applicationEmployer.id, joinApplications.employerId))
    .leftJoin(
      members,
      and(eq(members.id, joinApplications.memberId), eq(members.provinceCode, joinApplications.provinceCode)),
    );
}
export type ApplicationView = Awaited<ReturnType<typeof findApplication>> & {};

export async function findApplication(db: Executor, id: string) {
  const [row] = await applicationSelect(db).where(eq(joinApplications.id, id));
  return row ?? null;
}

export async function findApplicationInScope(db: Executor, id: string, scope: readonly string[]) {
  const [row] = await applicationSelect(db).where(
    and(eq(joinApplications.id, id), inSubtrees(joinApplications.organisationPath, scope)),
  );
  return row ?? null;
}

export async function findApplicationByClientKey(db: Executor, userId: string, clientKey: string) {
  const [row] = await db
    .select({ id: joinApplications.id })
    .from(joinApplications)
    .where(and(eq(joinApplications.applicantUserId, userId), eq(joinApplications.clientKey, clientKey)));
  return row ?? null;
}

export async function applicationExists(db: Executor, id: string) {
  const [row] = await db.select({ id: joinApplications.id }).from(joinApplications).where(eq(joinApplications.id, id));
  return Boolean(row);
}

export async function lockApplication(db: Executor, id: string) {
  const [row] = await db.select().from(joinApplications).where(eq(joinApplications.id, id)).for('update');
  return row ?? null;
}

export async function insertApplication(db: Executor, values: typeof joinApplications.$inferInsert) {
  const [row] = await db.insert(joinApplications).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateApplication(
  db: Executor,
  id: string,
  values: Partial<typeof joinApplications.$inferInsert>,
) {
  await db
    .update(joinApplications)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(joinApplications.id, id));
}

export async function listApplications(
  db: Executor,
  filter: { scope: readonly string[]; organisationPath?: string; status?: string; overdueOn?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    inSubtrees(joinApplications.organisationPath, filter.scope),
    filter.organisationPath ? inSubtrees(joinApplications.organisationPath, [filter.organisationPath]) : undefined,
    filter.status ? eq(joinApplications.status, filter.status) : undefined,
    filter.overdueOn
      ? and(eq(joinApplications.status, 'submitted'), lt(joinApplications.dueOn, filter.overdueOn))
      : undefined,
  );
  const [rows, totals] = await Promise.all([
    applicationSelect(db)
      .where(where)
      .orderBy(asc(joinApplications.dueOn), asc(joinApplications.submittedAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(joinApplications).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function listApplicationsOfUser(db: Executor, userId: string) {
  return applicationSelect(db)
    .where(eq(joinApplications.applicantUserId, userId))
    .orderBy(desc(joinApplications.submittedAt));
}

// ---- transfers ----

const fromUnion = alias(organisations, 'from_union');
const toUnion = alias(organisations, 'to_union');
const transferColumns = {
  transfer: memberTransfers,
  memberName: members.name,
  memberNumber: members.memberNumber,
  fromName: fromUnion.name,
  fromPath: fromUnion.path,
  toName: toUnion.name,
  toPath: toUnion.path,
};
function transferSelect(db: Executor) {
  return db
    .select(transferColumns)
    .from(memberTransfers)
    .innerJoin(
      members,
      and(eq(members.id, memberTransfers.memberId), eq(members.provinceCode, memberTransfers.provinceCode)),
    )
    .innerJoin(fromUnion, eq(fromUnion.id, memberTransfers.fromOrganisationId))
    .innerJoin(toUnion, eq(toUnion.id, memberTransfers.toOrganisationId));
}
export type TransferView = Awaited<ReturnType<typeof findTransfer>> & {};

export async function findTransfer(db: Executor, id: number) {
  const [row] = await transferSelect(db).where(eq(memberTransfers.id, id));
  return row ?? null;
}

export async function lockTransfer(db: Executor, id: number) {
  const [row] = await db.select().from(memberTransfers).where(eq(memberTransfers.id, id)).for('update');
  return row ?? null;
}

export async function insertTransfer(db: Executor, values: typeof memberTransfers.$inferInsert) {
  const [row] = await db.insert(memberTransfers).values(values).returning();
  return row!;
}

export async function updateTransfer(db: Executor, id: number, values: Partial<typeof memberTransfers.$inferInsert>) {
  await db
    .update(memberTransfers)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(memberTransfers.id, id));
}

export async function listTransfers(
  db: Executor,
  filter: { scope: readonly string[]; status?: string; direction?: 'incoming' | 'outgoing' },
  page: number,
  pageSize: number,
) {
  const incoming = inSubtrees(toUnion.path, filter.scope);
  const outgoing = inSubtrees(fromUnion.path, filter.scope);
  const where = and(
    filter.direction === 'incoming' ? incoming : filter.direction === 'outgoing' ? outgoing : or(incoming, outgoing),
    filter.status ? eq(memberTransfers.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    transferSelect(db)
      .where(where)
      .orderBy(desc(memberTransfers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(memberTransfers)
      .innerJoin(fromUnion, eq(fromUnion.id, memberTransfers.fromOrganisationId))
      .innerJoin(toUnion, eq(toUnion.id, memberTransfers.toOrganisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function listTransfersOfMember(db: Executor, memberId: number) {
  return transferSelect(db).where(eq(memberTransfers.memberId, memberId)).orderBy(desc(memberTransfers.id));
}

// ---- dues ----

/** Opens a month for every member on the roll in the subtree; a month already open is left as is. */
export async function openDuesMonth(db: Executor, scope: readonly string[], month: string) {
  const result = await db.execute(sql`
    INSERT INTO ${duesMonths} (member_id, province_code, month, organisation_id, expected_fen)
    SELECT m.id, m.province_code, ${month}::date, m.organisation_id,
      CASE WHEN m.status = 'retained' THEN 0 ELSE m.dues_monthly_fen END
    FROM ${members} m
    WHERE ${inSubtrees(sql`m.organisation_path`, scope)} AND m.status IN ('active','retained','transferring')
      AND m.joined_on < (${month}::date + interval '1 month')
    ON CONFLICT (member_id, month, province_code) DO NOTHING`);
  return result.rowCount ?? 0;
}

export async function lockDuesMonth(db: Executor, memberId: number, month: string) {
  const [row] = await db
    .select()
    .from(duesMonths)
    .where(and(eq(duesMonths.memberId, memberId), eq(duesMonths.month, month)))
    .for('update');
  return row ?? null;
}

/** Records a payment once per idempotency key; returns null if the key was already used. */
export async function insertDuesPayment(db: Executor, values: typeof duesPayments.$inferInsert) {
  const [row] = await db.insert(duesPayments).values(values).onConflictDoNothing().returning({ id: duesPayments.id });
  return row ?? null;
}

export async function addPaidFen(db: Executor, memberId: number, month: string, amountFen: number) {
  const [row] = await db
    .update(duesMonths)
    .set({ paidFen: sql`${duesMonths.paidFen} + ${amountFen}` })
    .where(and(eq(duesMonths.memberId, memberId), eq(duesMonths.month, month)))
    .returning();
  return row!;
}

export async function listDuesMonths(db: Executor, memberId: number) {
  return db.select().from(duesMonths).where(eq(duesMonths.memberId, memberId)).orderBy(desc(duesMonths.month));
}

export async function listArrears(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const owing = db
    .select({
      memberId: duesMonths.memberId,
      provinceCode: duesMonths.provinceCode,
      monthsOwed: sql<number>`count(*)::int`.as('months_owed'),
      owedFen: sql<number>`sum(${duesMonths.expectedFen} - ${duesMonths.paidFen})::int`.as('owed_fen'),
      oldestMonth: sql<string>`min(${duesMonths.month})::text`.as('oldest_month'),
    })
    .from(duesMonths)
    .innerJoin(members, and(eq(members.id, duesMonths.memberId), eq(members.provinceCode, duesMonths.provinceCode)))
    .where(and(inSubtrees(members.organisationPath, scope), sql`${duesMonths.paidFen} < ${duesMonths.expectedFen}`))
    .groupBy(duesMonths.memberId, duesMonths.provinceCode)
    .as('owing');
  const [rows, totals] = await Promise.all([
    db
      .select({
        owing: {
          memberId: owing.memberId,
          monthsOwed: owing.monthsOwed,
          owedFen: owing.owedFen,
          oldestMonth: owing.oldestMonth,
        },
        memberNumber: members.memberNumber,
        name: members.name,
        organisationName: organisations.name,
      })
      .from(owing)
      .innerJoin(members, and(eq(members.id, owing.memberId), eq(members.provinceCode, owing.provinceCode)))
      .innerJoin(organisations, eq(organisations.id, members.organisationId))
      .orderBy(desc(owing.owedFen), asc(owing.memberId))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(owing),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

// ---- check-off ----

/** Members of one employer within the scope, with that month's expected dues if opened. */
export async function listEmployerMembersForMonth(
  db: Executor,
  employerId: number,
  scope: readonly string[],
  month: string,
) {
  return db
    .select({
      id: members.id,
      name: members.name,
      idNumberHash: members.idNumberHash,
      idNumberEnc: members.idNumberEnc,
      organisationId: members.organisationId,
      status: members.status,
      expectedFen: duesMonths.expectedFen,
      paidFen: duesMonths.paidFen,
    })
    .from(members)
    .leftJoin(
      duesMonths,
      and(
        eq(duesMonths.memberId, members.id),
        eq(duesMonths.provinceCode, members.provinceCode),
        eq(duesMonths.month, month),
      ),
    )
    .where(
      and(
        eq(members.employerId, employerId),
        inSubtrees(members.organisationPath, scope),
        inArray(members.status, ['active', 'retained', 'transferring']),
      ),
    );
}

export async function insertCheckoffFile(db: Executor, values: typeof checkoffFiles.$inferInsert) {
  const [row] = await db.insert(checkoffFiles).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateCheckoffFile(db: Executor, id: number, values: Partial<typeof checkoffFiles.$inferInsert>) {
  await db.update(checkoffFiles).set(values).where(eq(checkoffFiles.id, id));
}

export async function insertDiscrepancies(db: Executor, rows: (typeof checkoffDiscrepancies.$inferInsert)[]) {
  if (rows.length > 0) await db.insert(checkoffDiscrepancies).values(rows);
}

const fileOrganisation = alias(organisations, 'file_organisation');
const openCount = sql<number>`(SELECT count(*)::int FROM checkoff_discrepancies d WHERE d.file_id = "checkoff_files"."id" AND d.status = 'open')`;

export async function listCheckoffFiles(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const where = inSubtrees(fileOrganisation.path, scope);
  const [rows, totals] = await Promise.all([
    db
      .select({ file: checkoffFiles, employerName: employers.name, openDiscrepancies: openCount })
      .from(checkoffFiles)
      .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
      .innerJoin(
        employers,
        and(eq(employers.id, checkoffFiles.employerId), eq(employers.provinceCode, checkoffFiles.provinceCode)),
      )
      .where(where)
      .orderBy(desc(checkoffFiles.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(checkoffFiles)
      .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findCheckoffFileInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ file: checkoffFiles, employerName: employers.name, openDiscrepancies: openCount })
    .from(checkoffFiles)
    .innerJoin(fileOrganisation, eq(fileOrganisation.id, checkoffFiles.organisationId))
    .innerJoin(
      employers,
      and(eq(employers.id, checkoffFiles.employerId), eq(employers.provinceCode, checkoffFiles.provinceCode)),
    )
    .where(and(eq(checkoffFiles.id, id), inSubtrees(fileOrganisation.path, scope)));
  return row ?? null;
}

const discrepancyOrganisation = alias(organisations, 'discrepancy_organisation');
const discrepancyMember = alias(members, 'discrepancy_member');

export async function listDiscrepancies(
  db: Executor,
  filter: { scope: readonly string[]; fileId?: number; status?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    inSubtrees(discrepancyOrganisation.path, filter.scope),
    filter.fileId ? eq(checkoffDiscrepancies.fileId, filter.fileId) : undefined,
    filter.status ? eq(checkoffDiscrepancies.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select({ discrepancy: checkoffDiscrepancies, memberNumber: discrepancyMember.memberNumber })
      .from(checkoffDiscrepancies)
      .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
      .leftJoin(discrepancyMember, eq(discrepancyMember.id, checkoffDiscrepancies.memberId))
      .where(where)
      .orderBy(asc(checkoffDiscrepancies.fileId), asc(checkoffDiscrepancies.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(checkoffDiscrepancies)
      .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function lockDiscrepancyInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ discrepancy: checkoffDiscrepancies, month: checkoffFiles.month })
    .from(checkoffDiscrepancies)
    .innerJoin(discrepancyOrganisation, eq(discrepancyOrganisation.id, checkoffDiscrepancies.organisationId))
    .innerJoin(
      checkoffFiles,
      and(
        eq(checkoffFiles.id, checkoffDiscrepancies.fileId),
        eq(checkoffFiles.provinceCode, checkoffDiscrepancies.provinceCode),
      ),
    )
    .where(and(eq(checkoffDiscrepancies.id, id), inSubtrees(discrepancyOrganisation.path, scope)))
    .for('update', { of: checkoffDiscrepancies });
  return row ?? null;
}

export async function discrepancyExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: checkoffDiscrepancies.id })
    .from(checkoffDiscrepancies)
    .where(eq(checkoffDiscrepancies.id, id));
  return Boolean(row);
}

export async function updateDiscrepancy(
  db: Executor,
  id: number,
  values: Partial<typeof checkoffDiscrepancies.$inferInsert>,
) {
  await db.update(checkoffDiscrepancies).set(values).where(eq(checkoffDiscrepancies.id, id));
}

// ---- roster imports ----

export async function insertImport(db: Executor, values: typeof rosterImports.$inferInsert) {
  const [row] = await db.insert(rosterImports).values(values).returning();
  return row!;
}

export async function updateImport(db: Executor, id: string, values: Partial<typeof rosterImports.$inferInsert>) {
  await db.update(rosterImports).set(values).where(eq(rosterImports.id, id));
}

const importOrganisation = alias(organisations, 'import_organisation');

export async function findImportInScope(db: Executor, id: string, scope: readonly string[]) {
  const [row] = await db
    .select({ job: rosterImports })
    .from(rosterImports)
    .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
    .where(and(eq(rosterImports.id, id), inSubtrees(importOrganisation.path, scope)));
  return row?.job ?? null;
}

export async function importExists(db: Executor, id: string) {
  const [row] = await db.select({ id: rosterImports.id }).from(rosterImports).where(eq(rosterImports.id, id));
  return Boolean(row);
}

export async function listImports(db: Executor, scope: readonly string[], page: number, pageSize: number) {
  const where = inSubtrees(importOrganisation.path, scope);
  const [rows, totals] = await Promise.all([
    db
      .select({ job: rosterImports })
      .from(rosterImports)
      .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
      .where(where)
      .orderBy(desc(rosterImports.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(rosterImports)
      .innerJoin(importOrganisation, eq(importOrganisation.id, rosterImports.organisationId))
      .where(where),
  ]);
  return { rows: rows.map((r) => r.job), total: totals[0]?.total ?? 0 };
}

export async function* iterateImportErrors(db: Executor, importId: string, batchSize = 2000) {
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(rosterImportErrors)
      .where(and(eq(rosterImportErrors.importId, importId), gt(rosterImportErrors.id, afterId)))
      .orderBy(asc(rosterImportErrors.id))
      .limit(batchSize);
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1]!.id;
  }
}

const isNameConflict = sql`${rosterImportErrors.problems} @> '[{"messageKey":"import.name_conflict"}]'::jsonb`;

/** The name conflicts of an import, by row, a page at a time. */
export async function listImportConflicts(db: Executor, importId: string, page: number, pageSize: number) {
  const where = and(eq(rosterImportErrors.importId, importId), isNameConflict);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(rosterImportErrors)
      .where(where)
      .orderBy(asc(rosterImportErrors.rowNumber))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(rosterImportErrors).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function findImportConflict(db: Executor, importId: string, rowNumber: number) {
  const [row] = await db
    .select()
    .from(rosterImportErrors)
    .where(and(eq(rosterImportErrors.importId, importId), eq(rosterImportErrors.rowNumber, rowNumber), isNameConflict));
  return row ?? null;
}

/** Records a decision on an undecided conflict; false when it was decided meanwhile. */
export async function decideImportConflict(
  db: Executor,
  importId: string,
  rowNumber: number,
  decision: { resolution: 'confirmed' | 'rejected'; userId: string },
) {
  const rows = await db
    .update(rosterImportErrors)
    .set({ resolution: decision.resolution, resolvedBy: decision.userId, resolvedAt: new Date() })
    .where(
      and(
        eq(rosterImportErrors.importId, importId),
        eq(rosterImportErrors.rowNumber, rowNumber),
        isNameConflict,
        sql`${rosterImportErrors.resolution} IS NULL`,
      ),
    )
    .returning({ id: rosterImportErrors.id });
  return rows.length > 0;
}

const importLockKey = (importId: string) => `roster-import:${importId}`;

/**
 * Holds the import's lock for as long as it runs, on a connection of its own, and beats on it every
 * ten seconds with how much of the file has been read: a restarting server can then tell an import
 * another server is running from one whose process died.
 */
export async function holdImportLock(
  db: Db,
  importId: string,
  readBytes: () => number = () => 0,
): Promise<() => Promise<void>> {
  const client = await db.$client.connect();
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [importLockKey(importId)]);
  const beat = () =>
    client
      .query('UPDATE roster_imports SET heartbeat_at = now(), read_bytes = $2 WHERE id = $1', [importId, readBytes()])
      .catch(() => undefined);
  await beat();
  const timer = setInterval(beat, 10_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await beat();
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [importLockKey(importId)]).catch(() => undefined);
    client.release();
  };
}

/**
 * Fails an import that its worker left running (it died: out of memory, say), if it is still marked
 * running; returns the counts it had committed, or null when the worker had settled it itself.
 */
export async function failImportLeftRunning(db: Executor, id: string, failure: { code: string; params: object }) {
  const [row] = await db
    .update(rosterImports)
    .set({ status: 'failed', failure: JSON.stringify(failure), finishedAt: new Date() })
    .where(and(eq(rosterImports.id, id), eq(rosterImports.status, 'running')))
    .returning();
  return row ?? null;
}

/** Marks running imports that nobody holds (their process died) as failed, so nobody waits forever. */
/**
 * Fails the running imports no process holds the lock of, whose heartbeat is older than the grace
 * (a running import beats every ten seconds; one just created has not yet taken its lock).
 */
export async function failAbandonedImports(db: Executor, graceSeconds: number) {
  await db
    .update(rosterImports)
    .set({
      status: 'failed',
      failure: JSON.stringify({ code: 'membership.import_interrupted', params: {} }),
      finishedAt: new Date(),
    })
    .where(
      and(
        eq(rosterImports.status, 'running'),
        sql`${rosterImports.heartbeatAt} < now() - make_interval(secs => ${graceSeconds})`,
        sql`pg_try_advisory_xact_lock(hashtext('roster-import:' || ${rosterImports.id}::text))`,
      ),
    );
}

// ---- cards ----

/** A new card with its signed token; the id and issue time are chosen by the caller, who signs them. */
export async function insertCard(
  db: Executor,
  card: { id: string; memberId: number; provinceCode: string; issuedAt: Date; expiresAt: Date; tokenEnc: Buffer },
) {
  await db.insert(memberCards).values(card);
}

/** Keeps the token shown for a card whose claims changed (a new name or union name). */
export async function updateCardToken(db: Executor, card: { id: string; provinceCode: string }, tokenEnc: Buffer) {
  await db
    .update(memberCards)
    .set({ tokenEnc })
    .where(and(eq(memberCards.id, card.id), eq(memberCards.provinceCode, card.provinceCode)));
}

// Named, so each connection plans it once: the member card is the hottest member-facing request.
// Several accounts at once: card requests of the same moment share one query (members_user_key).
const CARD_HOLDERS = {
  name: 'gonghui-card-holders',
  text: `
    SELECT m.user_id, m.id, m.province_code, m.member_number, m.name, m.status, m.joined_on::text AS joined_on,
           o.name AS organisation_name, c.id AS card_id, c.issued_at, c.expires_at, c.token_enc
    FROM members m
    JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN LATERAL (
      SELECT id, issued_at, expires_at, token_enc FROM member_cards
      WHERE member_id = m.id AND province_code = m.province_code AND revoked_at IS NULL AND expires_at > $2
      ORDER BY issued_at DESC LIMIT 1
    ) c ON true
    WHERE m.user_id = ANY($1::uuid[])`,
};

export interface CardHolder {
  member: {
    id: number;
    provinceCode: string;
    memberNumber: string;
    name: string;
    status: string;
    joinedOn: string;
  };
  organisationName: string;
  card: { id: string; issuedAt: Date; expiresAt: Date; tokenEnc: Buffer | null } | null;
}

/** The accounts' member records, each with its latest card valid beyond `validAfter`, in one prepared query. */
export async function findCardHolders(
  db: Db,
  userIds: readonly string[],
  validAfter: Date,
): Promise<Map<string, CardHolder>> {
  const result = await db.$client.query<{
    user_id: string;
    id: string;
    province_code: string;
    member_number: string;
    name: string;
    status: string;
    joined_on: string;
    organisation_name: string;
    card_id: string | null;
    issued_at: Date | null;
    expires_at: Date | null;
    token_enc: Buffer | null;
  }>({ ...CARD_HOLDERS, values: [userIds, validAfter] });
  const holders = new Map<string, CardHolder>();
  for (const row of result.rows) {
    holders.set(row.user_id, {
      member: {
        id: Number(row.id),
        provinceCode: row.province_code,
        memberNumber: row.member_number,
        name: row.name,
        status: row.status,
        joinedOn: row.joined_on,
      },
      organisationName: row.organisation_name,
      card:
        row.card_id && row.issued_at && row.expires_at
          ? { id: row.card_id, issuedAt: row.issued_at, expiresAt: row.expires_at, tokenEnc: row.token_enc }
          : null,
    });
  }
  return holders;
}

export async function revokeCardsOfMember(db: Executor, memberId: number, reason: string) {
  return db
    .update(memberCards)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(memberCards.memberId, memberId), sql`${memberCards.revokedAt} IS NULL`))
    .returning({ id: memberCards.id });
}

export async function listRevokedLiveCards(db: Executor, now: Date) {
  const rows = await db
    .select({ id: memberCards.id })
    .from(memberCards)
    .where(and(isNotNull(memberCards.revokedAt), gt(memberCards.expiresAt, now)));
  return rows.map((r) => r.id);
}

// ---- corrections and access log ----

export async function insertCorrection(db: Executor, values: typeof correctionRequests.$inferInsert) {
  const [row] = await db.insert(correctionRequests).values(values).returning();
  return row!;
}

const correctionColumns = {
  correction: correctionRequests,
  memberName: members.name,
  memberNumber: members.memberNumber,
  organisationId: members.organisationId,
};

export async function listCorrections(
  db: Executor,
  filter: { scope?: readonly string[]; memberId?: number; status?: string },
  page: number,
  pageSize: number,
) {
  const where = and(
    filter.scope ? inSubtrees(members.organisationPath, filter.scope) : undefined,
    filter.memberId ? eq(correctionRequests.memberId, filter.memberId) : undefined,
    filter.status ? eq(correctionRequests.status, filter.status) : undefined,
  );
  const [rows, totals] = await Promise.all([
    db
      .select(correctionColumns)
      .from(correctionRequests)
      .innerJoin(
        members,
        and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
      )
      .where(where)
      .orderBy(desc(correctionRequests.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ total: count() })
      .from(correctionRequests)
      .innerJoin(
        members,
        and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
      )
      .where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

export async function lockCorrectionInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select(correctionColumns)
    .from(correctionRequests)
    .innerJoin(
      members,
      and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
    )
    .where(and(eq(correctionRequests.id, id), inSubtrees(members.organisationPath, scope)))
    .for('update', { of: correctionRequests });
  return row ?? null;
}

export async function correctionExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: correctionRequests.id })
    .from(correctionRequests)
    .where(eq(correctionRequests.id, id));
  return Boolean(row);
}

export async function updateCorrection(
  db: Executor,
  id: number,
  values: Partial<typeof correctionRequests.$inferInsert>,
) {
  await db.update(correctionRequests).set(values).where(eq(correctionRequests.id, id));
}

/** Audit rows about one member made by someone other than the member: the PIPL access log. */
export async function listAccessToMember(
  db: Executor,
  memberId: number,
  memberUserId: string | null,
  /** Other records about the member (a hardship file, an application) whose access they see too. */
  related: readonly { type: string; id: string }[] = [],
) {
  const subjects = [{ type: 'member', id: String(memberId) }, ...related];
  return db
    .select({ at: auditLog.occurredAt, action: auditLog.action, actorName: auditLog.actorName })
    .from(auditLog)
    .where(
      and(
        or(...subjects.map((s) => and(eq(auditLog.subjectType, s.type), eq(auditLog.subjectId, s.id)))),
        memberUserId ? or(sql`${auditLog.actorUserId} IS NULL`, ne(auditLog.actorUserId, memberUserId)) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(500);
}

// ---- statistics ----

/** An organisation's tallies, summed over provinces (only an organisation above them has several). */
export async function readTallies(db: Executor, organisationId: number) {
  return db
    .select({
      dimension: memberTallies.dimension,
      value: memberTallies.value,
      count: sql<number>`sum(${memberTallies.count})::bigint`.mapWith(Number),
    })
    .from(memberTallies)
    .where(and(eq(memberTallies.organisationId, organisationId), ne(memberTallies.count, 0)))
    .groupBy(memberTallies.dimension, memberTallies.value);
}

/** Employers kept in the subtree (GiST on organisations.path, then the employer index). */
export async function employerCoverage(db: Executor, path: string) {
  const [row] = await db
    .select({
      employers: sql<number>`count(*)::int`,
      unionised: sql<number>`count(${employers.coveringUnionId})::int`,
      employees: sql<number>`coalesce(sum(${employers.employeeCount}), 0)::bigint`,
    })
    .from(employers)
    .innerJoin(organisations, eq(organisations.id, employers.organisationId))
    .where(inSubtrees(organisations.path, [path]));
  return row ?? { employers: 0, unionised: 0, employees: 0 };
}

/** Tally rows that differ from a full recount; empty when the tallies are right. */
export async function diffTalliesFromRecount(db: Executor) {
  const result = await db.execute<{ organisation_id: number; dimension: string; value: string }>(sql`
    SELECT organisation_id, dimension, value FROM (
      (SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0
       EXCEPT SELECT * FROM member_tallies_recounted())
      UNION ALL
      (SELECT * FROM member_tallies_recounted()
       EXCEPT SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0)
    ) d LIMIT 20`);
  return result.rows;
}

/** Open unions whose name contains the words (trigram index on organisations.name). */
export async function searchUnions(db: Executor, q: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.status, 'active'),
        inArray(organisations.type, UNION_TYPES),
        sql`${organisations.name} LIKE ${`%${escapeLike(q)}%`}`,
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(20);
}

export async function searchEmployers(db: Executor, q: string) {
  return db
    .select({ id: employers.id, name: employers.name })
    .from(employers)
    .where(sql`${employers.name} LIKE ${`%${escapeLike(q)}%`}`)
    .orderBy(asc(employers.name))
    .limit(20);
}

export async function listRootOrganisations(db: Executor) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`${organisations.parentId} IS NULL`);
}

/** Demo only: months opened for everyone, paid by all but every ninth member. */
export async function seedPaidDues(db: Executor, months: string[]) {
  for (const month of months) {
    await db.execute(sql`
      INSERT INTO ${duesMonths} (member_id, province_code, month, organisation_id, expected_fen)
      SELECT id, province_code, ${month}::date, organisation_id,
        CASE WHEN status = 'retained' THEN 0 ELSE dues_monthly_fen END
      FROM ${members} WHERE status IN ('active','retained') AND joined_on < ${month}::date + interval '1 month'
      ON CONFLICT DO NOTHING`);
    await db.execute(sql`
      INSERT INTO ${duesPayments} (member_id, province_code, month, amount_fen, source, idempotency_key)
      SELECT member_id, province_code, month, expected_fen, 'manual', 'seed:' || member_id || ':' || month
      FROM ${duesMonths} WHERE month = ${month}::date AND expected_fen > 0 AND member_id % 9 <> 0`);
    await db.execute(sql`
      UPDATE ${duesMonths} SET paid_fen = expected_fen WHERE month = ${month}::date AND member_id % 9 <> 0`);
  }
}

/** The member's account holds the member role at their union, so the app shows it as theirs. */
export async function grantMemberRole(db: Executor, userId: string, organisationId: number) {
  await authChanged(db, userId);
  await db.insert(roleAssignments).values({ userId, organisationId, role: 'member' }).onConflictDoNothing();
}

export async function moveMemberRole(db: Executor, userId: string, from: number, to: number) {
  await authChanged(db, userId);
  await db
    .update(roleAssignments)
    .set({ organisationId: to })
    .where(
      and(
        eq(roleAssignments.userId, userId),
        eq(roleAssignments.role, 'member'),
        eq(roleAssignments.organisationId, from),
      ),
    );
}
