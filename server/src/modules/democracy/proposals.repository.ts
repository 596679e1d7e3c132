import { and, asc, desc, eq, inArray, ne, or, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { escapeLike, inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { members } from '../membership/membership.tables';
import { congressDelegates, congressProposals, congressSessions, proposalCosigners } from './democracy.tables';

// The proposal aggregate: a proposal and its co-signers.

export type ProposalRow = typeof congressProposals.$inferSelect;
export type ProposalInsert = typeof congressProposals.$inferInsert;

const delegateName = sql<string>`(SELECT m.name FROM congress_delegates d
  JOIN members m ON m.id = d.member_id AND m.province_code = d.province_code
  WHERE d.id = proposal_cosigners.delegate_id AND d.province_code = proposal_cosigners.province_code)`;

export async function findProposal(db: Executor, id: number) {
  const [row] = await db.select().from(congressProposals).where(eq(congressProposals.id, id));
  return row;
}

/** The names of delegates by id. */
export async function delegateNames(db: Executor, delegateIds: readonly number[]) {
  const rows = await db
    .select({ id: congressDelegates.id, name: members.name })
    .from(congressDelegates)
    .innerJoin(
      members,
      and(eq(members.id, congressDelegates.memberId), eq(members.provinceCode, congressDelegates.provinceCode)),
    )
    .where(inArray(congressDelegates.id, [...delegateIds]));
  return new Map(rows.map((n) => [n.id, n.name]));
}

/** The co-signers of proposals, with their names. */
export function cosignersOf(db: Executor, proposalIds: readonly number[]) {
  return db
    .select({
      proposalId: proposalCosigners.proposalId,
      delegateId: proposalCosigners.delegateId,
      status: proposalCosigners.status,
      name: delegateName,
    })
    .from(proposalCosigners)
    .where(inArray(proposalCosigners.proposalId, [...proposalIds]))
    .orderBy(asc(proposalCosigners.delegateId));
}

export async function invitationOf(db: Executor, proposalId: number, delegateId: number) {
  const [row] = await db
    .select()
    .from(proposalCosigners)
    .where(and(eq(proposalCosigners.proposalId, proposalId), eq(proposalCosigners.delegateId, delegateId)));
  return row;
}

export async function insertProposal(db: Executor, values: ProposalInsert) {
  const [row] = await db.insert(congressProposals).values(values).returning({ id: congressProposals.id });
  return row!.id;
}

/** Changes a proposal; with `from`, only while its status is that one. */
export async function updateProposal(db: Executor, id: number, values: Partial<ProposalInsert>, from?: string) {
  await db
    .update(congressProposals)
    .set({ ...values, updatedAt: sql`now()` })
    .where(and(eq(congressProposals.id, id), from ? eq(congressProposals.status, from) : undefined));
}

/** Which of `delegateIds` are delegates of the session. */
export async function delegatesOfSession(db: Executor, sessionId: number, delegateIds: readonly number[]) {
  const rows = await db
    .select({ id: congressDelegates.id })
    .from(congressDelegates)
    .where(and(eq(congressDelegates.sessionId, sessionId), inArray(congressDelegates.id, [...delegateIds])));
  return rows.map((r) => r.id);
}

export async function inviteCosigners(
  db: Executor,
  proposal: { id: number; provinceCode: string },
  delegateIds: readonly number[],
) {
  if (delegateIds.length === 0) return;
  await db
    .insert(proposalCosigners)
    .values(
      delegateIds.map((delegateId) => ({ proposalId: proposal.id, provinceCode: proposal.provinceCode, delegateId })),
    )
    .onConflictDoNothing();
}

export async function respond(db: Executor, proposalId: number, delegateId: number, status: 'signed' | 'declined') {
  await db
    .update(proposalCosigners)
    .set({ status, respondedAt: sql`now()` })
    .where(and(eq(proposalCosigners.proposalId, proposalId), eq(proposalCosigners.delegateId, delegateId)));
}

export async function signedCount(db: Executor, proposalId: number) {
  const [signed] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(proposalCosigners)
    .where(and(eq(proposalCosigners.proposalId, proposalId), eq(proposalCosigners.status, 'signed')));
  return signed?.count ?? 0;
}

/** How many proposals of a session have been given a number (accepted). */
export async function numberedCount(db: Executor, sessionId: number) {
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(congressProposals)
    .where(and(eq(congressProposals.sessionId, sessionId), sql`${congressProposals.number} IS NOT NULL`));
  return count?.n ?? 0;
}

export interface ProposalFilter {
  /** Where the person reads as a cadre. */
  scope: readonly string[];
  /** The sessions they are a delegate of, and their delegate ids. */
  sessions: readonly number[];
  delegateIds: readonly number[];
  sessionId?: number | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

/**
 * A page of the proposals a person may follow, newest first, and how many there are: non-drafts
 * in scope or of their sessions, and drafts they propose or were invited to co-sign.
 */
export async function proposalsPage(db: Executor, filter: ProposalFilter, limit: number, offset: number) {
  const mine = [...filter.delegateIds];
  const visible = or(
    and(
      ne(congressProposals.status, 'draft'),
      or(inSubtrees(organisations.path, filter.scope), inArray(congressProposals.sessionId, [...filter.sessions])),
    ),
    inArray(congressProposals.proposerDelegateId, mine),
    // Joined on the distribution column too, so under Citus the semi-join stays on one shard.
    sql`(${congressProposals.id}, ${congressProposals.provinceCode}) IN (
      SELECT proposal_id, province_code FROM proposal_cosigners WHERE delegate_id = ANY(${sql.param(mine)}::bigint[]))`,
  );
  const where = and(
    visible,
    filter.sessionId ? eq(congressProposals.sessionId, filter.sessionId) : undefined,
    filter.status ? eq(congressProposals.status, filter.status) : undefined,
    filter.q
      ? sql`(${congressProposals.title} LIKE ${`%${escapeLike(filter.q)}%`} OR ${congressProposals.body} LIKE ${`%${escapeLike(filter.q)}%`} OR ${congressProposals.number} = ${filter.q})`
      : undefined,
  );
  const scoped = <Q extends PgSelect>(q: Q) =>
    q
      .innerJoin(
        congressSessions,
        and(
          eq(congressSessions.id, congressProposals.sessionId),
          eq(congressSessions.provinceCode, congressProposals.provinceCode),
        ),
      )
      .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
      .where(where);
  const [rows, [total]] = await Promise.all([
    scoped(db.select({ proposal: congressProposals }).from(congressProposals).$dynamic())
      .orderBy(desc(congressProposals.id))
      .limit(limit)
      .offset(offset),
    scoped(db.select({ count: sql<number>`count(*)::int` }).from(congressProposals).$dynamic()),
  ]);
  return { rows: rows.map((r) => r.proposal), total: total?.count ?? 0 };
}

/** Proposals submitted to sessions in the subtrees and waiting for the committee's review. */
export async function countSubmittedProposals(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(congressProposals)
    .innerJoin(
      congressSessions,
      and(
        eq(congressSessions.id, congressProposals.sessionId),
        eq(congressSessions.provinceCode, congressProposals.provinceCode),
      ),
    )
    .innerJoin(organisations, eq(organisations.id, congressSessions.organisationId))
    .where(and(eq(congressProposals.status, 'submitted'), inSubtrees(organisations.path, scope)));
  return row?.n ?? 0;
}
