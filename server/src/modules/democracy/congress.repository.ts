import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { documents } from '../../platform/documents.tables';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { members } from '../membership/membership.tables';
import {
  congressAgendaItems,
  congressConstituencies,
  congressDelegates,
  congressDocuments,
  congressProposals,
  congressSessions,
  proposalCosigners,
  voteRoll,
  votes,
} from './democracy.tables';

// The congress aggregate: a session with its constituencies, delegates, agenda and documents; the
// session's votes and proposals as its minutes list them; and a person's part in congresses.

export type SessionRow = typeof congressSessions.$inferSelect;
export type SessionInsert = typeof congressSessions.$inferInsert;

/** A session with its union's name and tree path (for scope). */
export async function findSession(db: Executor, id: number) {
  const [row] = await db
    .select({ session: congressSessions, organisationName: organisations.name, path: organisations.path })
    .from(congressSessions)
    .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
    .where(eq(congressSessions.id, id));
  return row ?? null;
}
export type SessionView = NonNullable<Awaited<ReturnType<typeof findSession>>>;

/** Counts behind the quorum and composition checks, for several sessions at once. */
export async function sessionCounts(db: Executor, sessionIds: number[]) {
  if (sessionIds.length === 0) return new Map<number, SessionCounts>();
  const rows = await db
    .select({
      sessionId: congressDelegates.sessionId,
      total: sql<number>`count(*)::int`,
      checkedIn: sql<number>`count(${congressDelegates.checkedInAt})::int`,
      frontline: sql<number>`count(*) FILTER (WHERE ${congressDelegates.category} = 'frontline')::int`,
      managers: sql<number>`count(*) FILTER (WHERE ${congressDelegates.category} = 'manager')::int`,
      women: sql<number>`count(*) FILTER (WHERE ${members.gender} = 'female')::int`,
    })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(inArray(congressDelegates.sessionId, sessionIds))
    .groupBy(congressDelegates.sessionId);
  return new Map(rows.map((r) => [r.sessionId, r]));
}
export interface SessionCounts {
  total: number;
  checkedIn: number;
  frontline: number;
  managers: number;
  women: number;
}

export async function listDelegates(db: Executor, sessionId: number) {
  return db
    .select({
      delegate: congressDelegates,
      memberNumber: members.memberNumber,
      name: members.name,
      gender: members.gender,
      memberStatus: members.status,
      userId: members.userId,
    })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(eq(congressDelegates.sessionId, sessionId))
    .orderBy(asc(congressDelegates.id));
}

/** The delegate row of a signed-in member in a session, if they are one. */
export async function findDelegateOfUser(db: Executor, sessionId: number, userId: string) {
  const [row] = await db
    .select({ delegate: congressDelegates, name: members.name })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(and(eq(congressDelegates.sessionId, sessionId), eq(members.userId, userId)));
  return row ?? null;
}

/** Sessions in which the signed-in member is a delegate. */
export async function delegationsOfUser(db: Executor, userId: string) {
  return db
    .select({ delegate: congressDelegates })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(eq(members.userId, userId))
    .orderBy(asc(congressDelegates.sessionId));
}

export async function listConstituencies(db: Executor, sessionId: number) {
  return db
    .select({
      id: congressConstituencies.id,
      name: congressConstituencies.name,
      seats: congressConstituencies.seats,
      // Qualified by hand: inside a subquery Drizzle renders a column without its table.
      delegates: sql<number>`(SELECT count(*)::int FROM congress_delegates d
        WHERE d.constituency_id = congress_constituencies.id AND d.province_code = congress_constituencies.province_code)`,
    })
    .from(congressConstituencies)
    .where(eq(congressConstituencies.sessionId, sessionId))
    .orderBy(asc(congressConstituencies.id));
}

export async function listAgenda(db: Executor, sessionId: number) {
  const [items, stored] = await Promise.all([
    db
      .select()
      .from(congressAgendaItems)
      .where(eq(congressAgendaItems.sessionId, sessionId))
      .orderBy(asc(congressAgendaItems.position), asc(congressAgendaItems.id)),
    db
      .select({
        id: congressDocuments.id,
        agendaItemId: congressDocuments.agendaItemId,
        fileName: documents.fileName,
        mediaType: documents.mediaType,
        size: documents.size,
        sha256: documents.sha256,
      })
      .from(congressDocuments)
      .innerJoin(
        documents,
        and(eq(documents.id, congressDocuments.id), eq(documents.provinceCode, congressDocuments.provinceCode)),
      )
      .where(eq(congressDocuments.sessionId, sessionId))
      .orderBy(asc(congressDocuments.createdAt)),
  ]);
  return items.map((item) => ({
    id: item.id,
    position: item.position,
    title: item.title,
    description: item.description,
    isCurrent: item.isCurrent,
    documents: stored.filter((d) => d.agendaItemId === item.id).map(({ agendaItemId: _, ...document }) => document),
  }));
}

/** An active member of the subtree at `path`, by member number. */
export async function findMemberInSubtree(db: Executor, memberNumber: string, path: string) {
  const [row] = await db
    .select({
      id: members.id,
      provinceCode: members.provinceCode,
      name: members.name,
      status: members.status,
      userId: members.userId,
    })
    .from(members)
    .where(and(eq(members.memberNumber, memberNumber), sql`${members.organisationPath} <@ ${path}::ltree`));
  return row ?? null;
}

/** A session's proposals in the order they were made, for its minutes. */
export function proposalsOfSession(db: Executor, sessionId: number) {
  return db
    .select()
    .from(congressProposals)
    .where(eq(congressProposals.sessionId, sessionId))
    .orderBy(asc(congressProposals.id));
}

// ---- what a person's My Data shows of their part in congresses ----

/** The person's delegations, with their sessions' titles. */
export function delegationsWithSessions(db: Executor, userId: string) {
  return db
    .select({ delegate: congressDelegates, sessionTitle: congressSessions.title })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .innerJoin(
      congressSessions,
      and(
        eq(congressSessions.id, congressDelegates.sessionId),
        eq(congressSessions.provinceCode, congressDelegates.provinceCode),
      ),
    )
    .where(eq(members.userId, userId))
    .orderBy(asc(congressDelegates.sessionId));
}

/** The rolls the person's member records are on: weight, proxy, whether a ballot was cast; never a choice. */
export function rollEntriesOfUser(db: Executor, userId: string) {
  return db
    .select({ roll: voteRoll, title: votes.title, status: votes.status })
    .from(voteRoll)
    .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
    .innerJoin(votes, and(eq(votes.id, voteRoll.voteId), eq(votes.provinceCode, voteRoll.provinceCode)))
    .where(eq(members.userId, userId))
    .orderBy(asc(voteRoll.voteId));
}

/** Proposals the person made or co-signed as a delegate. */
export function proposalsOfUser(db: Executor, userId: string) {
  const delegateIds = db
    .select({ id: congressDelegates.id })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(eq(members.userId, userId));
  return db
    .select({
      proposal: congressProposals,
      sessionTitle: congressSessions.title,
      cosigner: proposalCosigners.delegateId,
    })
    .from(congressProposals)
    .innerJoin(
      congressSessions,
      and(
        eq(congressSessions.id, congressProposals.sessionId),
        eq(congressSessions.provinceCode, congressProposals.provinceCode),
      ),
    )
    .leftJoin(
      proposalCosigners,
      and(
        eq(proposalCosigners.proposalId, congressProposals.id),
        eq(proposalCosigners.provinceCode, congressProposals.provinceCode),
        inArray(proposalCosigners.delegateId, delegateIds),
      ),
    )
    .where(
      sql`(${congressProposals.proposerDelegateId} IN ${delegateIds} OR ${proposalCosigners.delegateId} IS NOT NULL)`,
    )
    .orderBy(asc(congressProposals.id));
}

// ---- sessions ----

/** A page of the sessions in a subtree, latest meeting first, and how many there are. */
export async function sessionsPage(
  db: Executor,
  filter: { scope: readonly string[]; organisationId?: number | undefined },
  limit: number,
  offset: number,
) {
  const where = and(
    inSubtrees(organisations.path, filter.scope),
    filter.organisationId ? eq(congressSessions.organisationId, filter.organisationId) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ session: congressSessions, organisationName: organisations.name, path: organisations.path })
      .from(congressSessions)
      .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
      .where(where)
      .orderBy(desc(congressSessions.meetingDate), desc(congressSessions.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(congressSessions)
      .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

/** A new session; undefined when the union already has one of that term and meeting. */
export async function insertSession(db: Executor, values: SessionInsert) {
  const [row] = await db.insert(congressSessions).values(values).onConflictDoNothing().returning();
  return row;
}

export async function updateSession(db: Executor, id: number, values: Partial<SessionInsert>) {
  await db.update(congressSessions).set(values).where(eq(congressSessions.id, id));
}

// ---- constituencies and delegates ----

/** A new constituency; undefined when the session has one of that name. */
export async function insertConstituency(
  db: Executor,
  values: { sessionId: number; provinceCode: string; name: string; seats: number },
) {
  const [row] = await db.insert(congressConstituencies).values(values).onConflictDoNothing().returning();
  return row;
}

/** A session's constituency, locked until the transaction ends, with its seats taken. */
export async function lockConstituency(db: Executor, sessionId: number, id: number) {
  const [constituency] = await db
    .select()
    .from(congressConstituencies)
    .where(and(eq(congressConstituencies.id, id), eq(congressConstituencies.sessionId, sessionId)))
    .for('update');
  if (!constituency) return undefined;
  const [used] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(congressDelegates)
    .where(eq(congressDelegates.constituencyId, constituency.id));
  return { constituency, taken: used?.count ?? 0 };
}

/** A new delegate; undefined when the member is one already. */
export async function insertDelegate(db: Executor, values: typeof congressDelegates.$inferInsert) {
  const [row] = await db.insert(congressDelegates).values(values).onConflictDoNothing().returning();
  return row;
}

/** Sets the presidium: these delegates of the session in this order, every other one out of it. */
export async function setPresidium(db: Executor, sessionId: number, delegateIds: readonly number[]) {
  await db
    .update(congressDelegates)
    .set({
      presidiumPosition: sql`array_position(${sql.param([...delegateIds])}::bigint[], ${congressDelegates.id})`,
    })
    .where(eq(congressDelegates.sessionId, sessionId));
}

/** The presidium's members who are active members with an account, in the presidium's order. */
export async function presidiumWithAccounts(db: Executor, sessionId: number) {
  return db
    .select({ memberId: congressDelegates.memberId })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(
      and(
        eq(congressDelegates.sessionId, sessionId),
        sql`${congressDelegates.presidiumPosition} IS NOT NULL`,
        eq(members.status, 'active'),
        sql`${members.userId} IS NOT NULL`,
      ),
    )
    .orderBy(asc(congressDelegates.presidiumPosition));
}

export async function deleteDelegate(db: Executor, sessionId: number, delegateId: number) {
  const [row] = await db
    .delete(congressDelegates)
    .where(and(eq(congressDelegates.id, delegateId), eq(congressDelegates.sessionId, sessionId)))
    .returning();
  return row;
}

export async function findDelegate(db: Executor, sessionId: number, delegateId: number) {
  const [row] = await db
    .select()
    .from(congressDelegates)
    .where(and(eq(congressDelegates.id, delegateId), eq(congressDelegates.sessionId, sessionId)));
  return row;
}

/** Checks a delegate in; only the first check-in counts, so the time stays the time of arrival. */
export async function markCheckedIn(db: Executor, delegateId: number, method: 'qr' | 'online' | 'desk') {
  await db
    .update(congressDelegates)
    .set({ checkedInAt: sql`now()`, checkInMethod: method })
    .where(and(eq(congressDelegates.id, delegateId), sql`${congressDelegates.checkedInAt} IS NULL`));
  const [row] = await db.select().from(congressDelegates).where(eq(congressDelegates.id, delegateId));
  return row!;
}

// ---- agenda and documents ----

/** Appends an item to a session's agenda. */
export async function appendAgendaItem(
  db: Executor,
  values: { sessionId: number; provinceCode: string; title: string; description: string | null },
) {
  const [last] = await db
    .select({ max: sql<number>`coalesce(max(${congressAgendaItems.position}), 0)::int` })
    .from(congressAgendaItems)
    .where(eq(congressAgendaItems.sessionId, values.sessionId));
  await db.insert(congressAgendaItems).values({ ...values, position: (last?.max ?? 0) + 1 });
}

export async function findAgendaItem(db: Executor, sessionId: number, itemId: number) {
  const [item] = await db
    .select()
    .from(congressAgendaItems)
    .where(and(eq(congressAgendaItems.id, itemId), eq(congressAgendaItems.sessionId, sessionId)));
  return item;
}

/** Marks one item of a session current and every other not. */
export async function setCurrentItem(db: Executor, sessionId: number, itemId: number) {
  await db
    .update(congressAgendaItems)
    .set({ isCurrent: sql`${congressAgendaItems.id} = ${itemId}` })
    .where(eq(congressAgendaItems.sessionId, sessionId));
}

/** Links a stored document to an agenda item. */
export async function insertDocument(db: Executor, values: typeof congressDocuments.$inferInsert) {
  const [row] = await db.insert(congressDocuments).values(values).returning({ id: congressDocuments.id });
  return row!.id;
}

export async function findDocument(db: Executor, sessionId: number, documentId: string) {
  const [row] = await db
    .select()
    .from(congressDocuments)
    .where(and(eq(congressDocuments.id, documentId), eq(congressDocuments.sessionId, sessionId)));
  return row;
}

/** The demo's delegates: members of a union with the given accounts first, then seeded active members. */
export async function demoDelegateMembers(db: Executor, organisationId: number, userIds: readonly string[]) {
  const withAccounts = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), inArray(members.userId, [...userIds])))
    .orderBy(asc(members.id));
  const others = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.organisationId, organisationId), eq(members.status, 'active'), eq(members.source, 'seed')))
    .orderBy(asc(members.id))
    .limit(10);
  const first = withAccounts.map((m) => m.id);
  return [
    ...first.map((id) => ({ id, hasAccount: true })),
    ...others.map((m) => ({ id: m.id, hasAccount: false })).filter(({ id }) => !first.includes(id)),
  ];
}

/** A session whose union lies within the subtrees `scope`. */
async function findSessionInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ session: congressSessions, organisationName: organisations.name, path: organisations.path })
    .from(congressSessions)
    .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
    .where(and(eq(congressSessions.id, id), inSubtrees(organisations.path, scope)));
  return row;
}

export const SESSION = scopedKind(
  'congress_session',
  findSessionInScope,
  async (db, id) => (await findSession(db, id)) !== null,
);
