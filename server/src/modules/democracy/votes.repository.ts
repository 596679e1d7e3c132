import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { escapeLike, inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { members } from '../membership/membership.tables';
import { congressAgendaItems, voteBallots, voteCandidates, voteRoll, votes } from './democracy.tables';

// The vote aggregate: a vote with its candidates, its frozen roll, and its counted ballots. The
// statements that cast a ballot are in ballot-box.repository.ts.

export type VoteRow = typeof votes.$inferSelect;
export type VoteInsert = typeof votes.$inferInsert;
export type RollInsert = typeof voteRoll.$inferInsert;

/** A vote with its union's name and tree path (for scope). */
export async function findVote(db: Executor, id: number) {
  const [row] = await db
    .select({ vote: votes, organisationName: organisations.name, path: organisations.path })
    .from(votes)
    .innerJoin(organisations, eq(organisations.id, votes.organisationId))
    .where(eq(votes.id, id));
  return row ?? null;
}
export type VoteView = NonNullable<Awaited<ReturnType<typeof findVote>>>;

export async function findVoteRow(db: Executor, id: number) {
  const [row] = await db.select().from(votes).where(eq(votes.id, id));
  return row;
}

/** The vote's row, locked until the transaction ends. */
export async function lockVote(db: Executor, id: number) {
  const [row] = await db.select().from(votes).where(eq(votes.id, id)).for('update');
  return row;
}

/** A page of the votes in a subtree, newest first, and how many there are. */
export async function votesPage(
  db: Executor,
  filter: { scope: readonly string[]; sessionId?: number | undefined; status?: string | undefined },
  limit: number,
  offset: number,
) {
  const where = and(
    inSubtrees(organisations.path, filter.scope),
    filter.sessionId ? eq(votes.sessionId, filter.sessionId) : undefined,
    filter.status ? eq(votes.status, filter.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ vote: votes, organisationName: organisations.name, path: organisations.path })
      .from(votes)
      .innerJoin(organisations, eq(organisations.id, votes.organisationId))
      .where(where)
      .orderBy(desc(votes.id))
      .limit(limit)
      .offset(offset),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(votes)
      .innerJoin(organisations, eq(organisations.id, votes.organisationId))
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

export function candidatesOf(db: Executor, voteId: number) {
  return db
    .select({
      position: voteCandidates.position,
      name: voteCandidates.name,
      memberId: voteCandidates.memberId,
      note: voteCandidates.note,
    })
    .from(voteCandidates)
    .where(eq(voteCandidates.voteId, voteId))
    .orderBy(asc(voteCandidates.position));
}

/** How many on the roll have voted. */
export async function votedCount(db: Executor, voteId: number) {
  const [row] = await db
    .select({ count: sql<number>`count(*) FILTER (WHERE ${voteRoll.voted})::int` })
    .from(voteRoll)
    .where(eq(voteRoll.voteId, voteId));
  return row?.count ?? 0;
}

export async function agendaItemExists(db: Executor, sessionId: number, itemId: number) {
  const [item] = await db
    .select({ id: congressAgendaItems.id })
    .from(congressAgendaItems)
    .where(and(eq(congressAgendaItems.id, itemId), eq(congressAgendaItems.sessionId, sessionId)));
  return Boolean(item);
}

/** A new vote with its candidates. */
export async function insertVote(
  db: Executor,
  values: VoteInsert,
  candidates: readonly { position: number; name: string; memberId: number | null; note: string | null }[],
) {
  const [row] = await db.insert(votes).values(values).returning({ id: votes.id });
  if (candidates.length > 0) {
    await db
      .insert(voteCandidates)
      .values(candidates.map((c) => ({ ...c, voteId: row!.id, provinceCode: values.provinceCode })));
  }
  return row!.id;
}

export async function updateVote(db: Executor, id: number, values: Partial<VoteInsert>) {
  await db.update(votes).set(values).where(eq(votes.id, id));
}

export function votesOfSession(db: Executor, sessionId: number) {
  return db.select().from(votes).where(eq(votes.sessionId, sessionId)).orderBy(asc(votes.id));
}

// ---- the roll ----

/** The roll of a congress vote: the session's active delegates. */
export async function fillRollFromCongress(db: Executor, voteId: number, sessionId: number) {
  await db.execute(sql`
    INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
    SELECT ${voteId}, d.province_code, d.member_id, m.user_id
    FROM congress_delegates d JOIN members m ON m.id = d.member_id AND m.province_code = d.province_code
    WHERE d.session_id = ${sessionId} AND m.status = 'active'`);
}

/** The roll of a members' vote: the active members of the union's subtree. */
export async function fillRollFromMembers(db: Executor, voteId: number, at: { path: string; provinceCode: string }) {
  await db.execute(sql`
    INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
    SELECT ${voteId}, m.province_code, m.id, m.user_id FROM members m
    WHERE m.organisation_path <@ ${at.path}::ltree AND m.status = 'active'
      AND m.province_code = ${at.provinceCode}`);
}

/** SHA-256 over the frozen roll, one line per voter: member number, tab, weight; by member number. */
export async function rehashRoll(db: Executor, voteId: number) {
  await db.execute(sql`
    UPDATE votes v SET electorate_count = r.count, electorate_weight = r.weight, electorate_hash = r.hash
    FROM (
      SELECT count(*)::int AS count, coalesce(sum(r.weight), 0)::int AS weight,
        encode(sha256(convert_to(coalesce(string_agg(m.member_number || E'\t' || r.weight, E'\n'
          ORDER BY m.member_number), ''), 'UTF8')), 'hex') AS hash
      FROM vote_roll r JOIN members m ON m.id = r.member_id AND m.province_code = r.province_code
      WHERE r.vote_id = ${voteId}
    ) r
    WHERE v.id = ${voteId}`);
}

/** A page of the roll by member number, with names and proxies, and how many are on it. */
export async function rollPage(db: Executor, voteId: number, q: string | undefined, limit: number, offset: number) {
  const proxy = sql<string | null>`(SELECT p.name FROM members p
    WHERE p.id = vote_roll.proxy_member_id AND p.province_code = vote_roll.province_code)`;
  const where = and(
    eq(voteRoll.voteId, voteId),
    q ? sql`(${members.name} LIKE ${`%${escapeLike(q)}%`} OR ${members.memberNumber} = ${q})` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ roll: voteRoll, memberNumber: members.memberNumber, name: members.name, proxyName: proxy })
      .from(voteRoll)
      .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
      .where(where)
      .orderBy(asc(members.memberNumber))
      .limit(limit)
      .offset(offset),
    db
      .select({ count: sql<number>`count(*)::int` })
      .from(voteRoll)
      .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
      .where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

export async function rollEntry(db: Executor, voteId: number, memberId: number) {
  const [entry] = await db
    .select()
    .from(voteRoll)
    .where(and(eq(voteRoll.voteId, voteId), eq(voteRoll.memberId, memberId)));
  return entry;
}

export async function updateRollEntry(db: Executor, voteId: number, memberId: number, values: Partial<RollInsert>) {
  await db
    .update(voteRoll)
    .set(values)
    .where(and(eq(voteRoll.voteId, voteId), eq(voteRoll.memberId, memberId)));
}

/** Whether any of the members is on the vote's roll. */
export async function anyOnRoll(db: Executor, voteId: number, memberIds: readonly number[]) {
  if (memberIds.length === 0) return false;
  const [row] = await db
    .select({ memberId: voteRoll.memberId })
    .from(voteRoll)
    .where(and(eq(voteRoll.voteId, voteId), inArray(voteRoll.memberId, [...memberIds])))
    .limit(1);
  return Boolean(row);
}

/** The member rows of a user (one per province they were ever a member in). */
export async function memberIdsOfUser(db: Executor, userId: string) {
  const rows = await db.select({ id: members.id }).from(members).where(eq(members.userId, userId));
  return rows.map((r) => r.id);
}

/** Roll entries of votes past draft where the members vote or hold the proxy, newest vote first. */
export function rollEntriesFor(db: Executor, memberIds: readonly number[], voteId?: number) {
  return db
    .select({ roll: voteRoll, name: members.name })
    .from(voteRoll)
    .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
    .innerJoin(votes, and(eq(votes.id, voteRoll.voteId), eq(votes.provinceCode, voteRoll.provinceCode)))
    .where(
      and(
        sql`${votes.status} IN ('frozen','open','tallying','closed')`,
        or(inArray(voteRoll.memberId, [...memberIds]), inArray(voteRoll.proxyMemberId, [...memberIds])),
        voteId === undefined ? undefined : eq(voteRoll.voteId, voteId),
      ),
    )
    .orderBy(desc(voteRoll.voteId));
}

// ---- mixing and counting ----

/** The advisory lock key of a vote: casts hold it shared, mixing and closing exclusively. */
const lockKey = (voteId: number) => sql`hashtextextended(${`vote:${voteId}`}, 0)`;

/**
 * Moves the box's ballots, shuffled, into the counted ballots, and seals the roll rows of their
 * voters in the same transaction. With `all`, every counted ballot and the whole roll are
 * rewritten in random order, so the final heap carries no trace of the batches.
 */
export async function mixBallots(db: Executor, voteId: number, options: { all: boolean }) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(voteId)})`);
  if (options.all) {
    await db.execute(sql`
      WITH moved AS (
        DELETE FROM vote_ballot_box WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      ), counted AS (
        DELETE FROM vote_ballots WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      )
      INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
      SELECT * FROM (SELECT * FROM moved UNION ALL SELECT * FROM counted) b ORDER BY random()`);
    // The roll is rewritten too, sealed and shuffled: each cast's update of a roll row placed its new
    // version in arrival order, and an in-place UPDATE here would keep that order in the heap.
    await db.execute(sql`
      WITH old AS (
        DELETE FROM vote_roll WHERE vote_id = ${voteId}
        RETURNING vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via
      )
      INSERT INTO vote_roll (vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted,
        voted_via, sealed)
      SELECT vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via, true
        FROM old ORDER BY random()`);
  } else {
    await db.execute(sql`
      WITH moved AS (
        DELETE FROM vote_ballot_box WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      )
      INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
      SELECT * FROM moved ORDER BY random()`);
    await db.execute(sql`UPDATE vote_roll SET sealed = true WHERE vote_id = ${voteId} AND voted AND NOT sealed`);
  }
}

/** Counted ballots and voters who voted: equal after a close, or something went wrong. */
export async function ballotsAndVoters(db: Executor, voteId: number) {
  const result = await db.execute<{ ballots: number; voted: number }>(sql`
    SELECT (SELECT count(*)::int FROM vote_ballots WHERE vote_id = ${voteId}) AS ballots,
           (SELECT count(*)::int FROM vote_roll WHERE vote_id = ${voteId} AND voted) AS voted`);
  return result.rows[0]!;
}

/** The counted ballots' totals: ballots, weight cast, blank weight, and weight per option. */
export async function ballotTotals(db: Executor, voteId: number) {
  const [totals] = (
    await db.execute<{ ballots: number; cast: number; blank: number }>(sql`
      SELECT count(*)::int AS ballots, coalesce(sum(weight), 0)::int AS cast,
        coalesce(sum(weight) FILTER (WHERE cardinality(choices) = 0), 0)::int AS blank
      FROM vote_ballots WHERE vote_id = ${voteId}`)
  ).rows;
  const perOption = (
    await db.execute<{ option: number; votes: number }>(sql`
      SELECT c::int AS option, sum(weight)::int AS votes
      FROM vote_ballots, unnest(choices) AS c WHERE vote_id = ${voteId} GROUP BY c`)
  ).rows;
  return { ...totals!, perOption };
}

/** The weight on the roll of delegates checked in to the session now (for an attendance quorum). */
export async function attendanceWeight(db: Executor, voteId: number, sessionId: number) {
  const result = await db.execute<{ weight: number }>(sql`
    SELECT coalesce(sum(r.weight), 0)::int AS weight FROM vote_roll r
    JOIN congress_delegates d ON d.member_id = r.member_id AND d.province_code = r.province_code
    WHERE r.vote_id = ${voteId} AND d.session_id = ${sessionId} AND d.checked_in_at IS NOT NULL`);
  return result.rows[0]?.weight ?? 0;
}

/** Removes the dead rows a mix left, which still carry arrival order. */
export async function vacuumBallots(db: Executor) {
  await db.execute(sql`VACUUM vote_ballot_box, vote_ballots, vote_roll`);
}

/** The counted ballots ordered by receipt (random), or the one with `receipt`. */
export function countedBallots(db: Executor, voteId: number, receipt: string | undefined) {
  return db
    .select({ receipt: voteBallots.receipt, choices: voteBallots.choices, weight: voteBallots.weight })
    .from(voteBallots)
    .where(and(eq(voteBallots.voteId, voteId), receipt ? eq(voteBallots.receipt, receipt) : undefined))
    .orderBy(asc(voteBallots.receipt));
}

/** A vote whose union lies within the subtrees `scope`. */
async function findVoteInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ vote: votes, organisationName: organisations.name, path: organisations.path })
    .from(votes)
    .innerJoin(organisations, eq(organisations.id, votes.organisationId))
    .where(and(eq(votes.id, id), inSubtrees(organisations.path, scope)));
  return row;
}

export const VOTE = scopedKind('vote', findVoteInScope, async (db, id) => (await findVoteRow(db, id)) !== undefined);

/** Votes in the subtrees not yet open: drafts whose roll is still to be frozen, and frozen ones. */
export async function countVotesToOpen(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(votes)
    .innerJoin(organisations, eq(organisations.id, votes.organisationId))
    .where(and(inArray(votes.status, ['draft', 'frozen']), inSubtrees(organisations.path, scope)));
  return row?.n ?? 0;
}

/** The accounts of the voters on a vote's roll (members without an account are not reached in the app). */
export async function rollUserIds(db: Executor, voteId: number) {
  const rows = await db
    .select({ userId: voteRoll.userId })
    .from(voteRoll)
    .where(and(eq(voteRoll.voteId, voteId), sql`${voteRoll.userId} IS NOT NULL`));
  return rows.map((row) => row.userId!);
}
