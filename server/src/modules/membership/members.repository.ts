import { and, asc, count, desc, eq, gt, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { escapeLike, inScopeParameter, inSubtrees, preparedPerHandle } from '../../db/sql';
import { employers, organisations } from '../../platform/organisations.tables';
import { provinceOf } from '../../platform/province';
import { scopedKind } from '../../platform/scope';
import { authChanged } from '../../platform/session-cache';
import { roleAssignments } from '../accounts/accounts.tables';
import { duesPayments, memberPersons, memberStatusEvents, members } from './membership.tables';

// The member aggregate: a member with their status events, the organisations and employers a member belongs to, and the lapse of members who stopped paying.

export type MemberRow = typeof members.$inferSelect;
export type NewMember = typeof members.$inferInsert;

const UNION_TYPES = ['grassroots', 'joint_grassroots', 'holding_union', 'branch'] as const;

// ---- organisations and employers, as membership sees them ----

export async function findUnion(db: Executor, id: number) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, type: organisations.type })
    .from(organisations)
    .where(and(eq(organisations.id, id), eq(organisations.status, 'active'), inArray(organisations.type, UNION_TYPES)));
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
        inScopeParameter(members.organisationPath),
      ),
    )
    .orderBy(desc(members.id))
    .limit(100)
    .prepare(`gonghui-member-by-${key}`);
}

// Looking a person up by ID number, mobile or member number is the desk's everyday query: prepared
// once per database handle, so neither the query builder nor PostgreSQL's planner runs for each one.
const exactLookups = preparedPerHandle((db: Executor) => ({
  idNumberHash: prepareExactLookup(db, 'idNumberHash'),
  mobileHash: prepareExactLookup(db, 'mobileHash'),
  memberNumber: prepareExactLookup(db, 'memberNumber'),
}));

function exactLookup(db: Executor, key: ExactKey) {
  return exactLookups(db)[key];
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

/** A member on the roll of the subtrees `scope`, with their union's and employer's names. */
export const MEMBER = scopedKind('member', findMemberInScope, memberExists);
