import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Executor } from '../../db/client';
import { groupCommit } from '../../platform/group-commit';
import { organisations } from '../../platform/organisations.tables';
import { members } from '../membership/membership.tables';
import { voteEncryptedBallots, voteRoll, voteSealedShares, votes, voteTrustees } from './democracy.tables';

// Encrypted votes: their trustees and key ceremony, their ballots (ciphertexts only), and the rows
// their bulletin board is built from. The statements casting an encrypted ballot are at the end.

export type TrusteeRow = typeof voteTrustees.$inferSelect;

/** A vote's trustees in order, with their names. */
export function trusteesOf(db: Executor, voteId: number) {
  return db
    .select({ trustee: voteTrustees, name: members.name, userId: members.userId })
    .from(voteTrustees)
    .innerJoin(members, and(eq(members.id, voteTrustees.memberId), eq(members.provinceCode, voteTrustees.provinceCode)))
    .where(eq(voteTrustees.voteId, voteId))
    .orderBy(asc(voteTrustees.position));
}

/** Names the trustees afresh: every earlier commitment and share of the ceremony is discarded. */
export async function replaceTrustees(
  db: Executor,
  voteId: number,
  provinceCode: string,
  memberIds: readonly number[],
) {
  await db.delete(voteSealedShares).where(eq(voteSealedShares.voteId, voteId));
  await db.delete(voteTrustees).where(eq(voteTrustees.voteId, voteId));
  await db
    .insert(voteTrustees)
    .values(memberIds.map((memberId, at) => ({ voteId, provinceCode, position: at + 1, memberId })));
}

export async function updateTrustee(db: Executor, voteId: number, position: number, values: Partial<TrusteeRow>) {
  await db
    .update(voteTrustees)
    .set(values)
    .where(and(eq(voteTrustees.voteId, voteId), eq(voteTrustees.position, position)));
}

export async function insertSealedShares(
  db: Executor,
  voteId: number,
  provinceCode: string,
  shares: readonly { from: number; to: number; share: unknown }[],
) {
  await db
    .insert(voteSealedShares)
    .values(shares.map((s) => ({ voteId, provinceCode, fromPosition: s.from, toPosition: s.to, share: s.share })));
}

/** The shares sealed to one trustee, by sender. */
export function sealedSharesTo(db: Executor, voteId: number, position: number) {
  return db
    .select({ share: voteSealedShares.share })
    .from(voteSealedShares)
    .where(and(eq(voteSealedShares.voteId, voteId), eq(voteSealedShares.toPosition, position)))
    .orderBy(asc(voteSealedShares.fromPosition));
}

/** The encrypted votes where these members are trustees, newest first. */
export function trusteeshipsOf(db: Executor, memberIds: readonly number[]) {
  return db
    .select({ trustee: voteTrustees, vote: votes, organisationName: organisations.name })
    .from(voteTrustees)
    .innerJoin(votes, and(eq(votes.id, voteTrustees.voteId), eq(votes.provinceCode, voteTrustees.provinceCode)))
    .innerJoin(organisations, eq(organisations.id, votes.organisationId))
    .where(inArray(voteTrustees.memberId, [...memberIds]))
    .orderBy(sql`${votes.id} DESC`);
}

/** The vote's encrypted ballots in tracker order (random, as trackers are hashes). */
export function encryptedBallots(db: Executor, voteId: number, onlyValid = false) {
  return db
    .select({
      tracker: voteEncryptedBallots.tracker,
      weight: voteEncryptedBallots.weight,
      ballot: voteEncryptedBallots.ballot,
      valid: voteEncryptedBallots.valid,
    })
    .from(voteEncryptedBallots)
    .where(and(eq(voteEncryptedBallots.voteId, voteId), onlyValid ? eq(voteEncryptedBallots.valid, true) : undefined))
    .orderBy(asc(voteEncryptedBallots.tracker));
}

/** One stored ballot by its tracker, with whether its proofs held (null until checked). */
export async function encryptedBallot(db: Executor, voteId: number, tracker: string) {
  const [row] = await db
    .select({ valid: voteEncryptedBallots.valid })
    .from(voteEncryptedBallots)
    .where(and(eq(voteEncryptedBallots.voteId, voteId), eq(voteEncryptedBallots.tracker, tracker)));
  return row;
}

/** Records the outcome of checking the ballots' proofs: the listed trackers failed, the rest hold. */
export async function markChecked(db: Executor, voteId: number, invalid: readonly string[]) {
  await db
    .update(voteEncryptedBallots)
    .set({ valid: sql`NOT (${voteEncryptedBallots.tracker} = ANY(${sql.param([...invalid])}::text[]))` })
    .where(eq(voteEncryptedBallots.voteId, voteId));
}

/** The roll as the board shows it: a keyed hash per voter in place of who, the weight, whether by proxy. */
export function rollForBoard(db: Executor, voteId: number) {
  return db
    .select({
      memberId: voteRoll.memberId,
      weight: voteRoll.weight,
      proxy: sql<boolean>`${voteRoll.proxyMemberId} IS NOT NULL`,
    })
    .from(voteRoll)
    .where(eq(voteRoll.voteId, voteId));
}

/** Seals every roll row: no cast can be claimed past the close. */
export async function sealRoll(db: Executor, voteId: number) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`vote:${voteId}`}, 0))`);
  await db.update(voteRoll).set({ sealed: true }).where(eq(voteRoll.voteId, voteId));
}

/** Voters marked voted against ballots received: equal, or something went wrong. */
export async function encryptedBallotsAndVoters(db: Executor, voteId: number) {
  const result = await db.execute<{ ballots: number; voted: number }>(sql`
    SELECT (SELECT count(*)::int FROM vote_encrypted_ballots WHERE vote_id = ${voteId}) AS ballots,
           (SELECT count(*)::int FROM vote_roll WHERE vote_id = ${voteId} AND voted) AS voted`);
  return result.rows[0]!;
}

// ---- casting ----

// A cast claims the voter's unvoted, unsealed roll row of an open encrypted vote, stores the tracker
// on it, and inserts the ballot with the roll's weight only if the claim succeeded (so a ballot is
// never lost or counted twice), all in one statement. The shared advisory lock keeps the close from
// running beside it. Casts for oneself go in groups (group-commit.ts); a proxy's cast goes alone.
const claimAndStore = (claim: string) => `
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
${claim},
stored AS (
  INSERT INTO vote_encrypted_ballots (vote_id, province_code, tracker, weight, ballot)
  SELECT $1::bigint, province_code, tracker, weight, ballot FROM claimed
)
SELECT at FROM claimed`;
// The group's ballots travel as one binary parameter, cut here by their lengths: half the bytes of
// an array of bytea (sent as hex text) and nothing for the server to parse (measured: sending the
// array took an eighth of the process's time at a thousand casts a second).
const CAST_SELF_SQL = claimAndStore(`cast_in AS (
  SELECT c.user_id, c.tracker, c.at,
         substring($4::bytea FROM (sum(c.length) OVER (ORDER BY c.at) - c.length + 1)::int FOR c.length) AS ballot
  FROM unnest($2::uuid[], $3::text[], $5::int[]) WITH ORDINALITY AS c(user_id, tracker, length, at)
),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'self', tracker = c.tracker
  FROM votes v, cast_in c
  WHERE r.vote_id = $1::bigint AND r.user_id = c.user_id AND r.proxy_member_id IS NULL
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open' AND v.ballot_mode = 'encrypted'
  RETURNING r.province_code, r.weight, c.tracker, c.ballot, c.at
)`);
const CAST_PROXY_SQL = claimAndStore(`claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'proxy', tracker = $3
  FROM votes v
  WHERE r.vote_id = $1::bigint AND r.member_id = $2::bigint AND r.proxy_member_id = ANY($5::bigint[])
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open' AND v.ballot_mode = 'encrypted'
  RETURNING r.province_code, r.weight, $3::text AS tracker, $4::bytea AS ballot, 1::bigint AS at
)`);

interface EncryptedSelfCast {
  userId: string;
  tracker: string;
  ballot: Buffer;
}

const grouped = new WeakMap<pg.Pool, (voteId: number, cast: EncryptedSelfCast) => Promise<boolean>>();
function selfCasts(pool: pg.Pool) {
  let casts = grouped.get(pool);
  if (!casts) {
    casts = groupCommit(async (voteId: number, batch: EncryptedSelfCast[]) => {
      const { rows } = await pool.query<{ at: string }>({
        name: 'gonghui-cast-encrypted-batch',
        text: CAST_SELF_SQL,
        values: [
          voteId,
          batch.map((c) => c.userId),
          batch.map((c) => c.tracker),
          Buffer.concat(batch.map((c) => c.ballot)),
          batch.map((c) => c.ballot.length),
        ],
      });
      const taken = new Set(rows.map((row) => Number(row.at)));
      return batch.map((_, i) => taken.has(i + 1));
    });
    grouped.set(pool, casts);
  }
  return casts;
}

/** Casts an encrypted ballot for oneself (by account, grouped) or as proxy; whether it was taken. */
export async function castEncrypted(
  pool: pg.Pool,
  voteId: number,
  cast: { tracker: string; ballot: Buffer } & ({ userId: string } | { memberId: number; proxyMemberIds: number[] }),
) {
  if ('userId' in cast) return selfCasts(pool)(voteId, cast);
  const { rowCount } = await pool.query({
    name: 'gonghui-cast-encrypted-proxy',
    text: CAST_PROXY_SQL,
    values: [voteId, cast.memberId, cast.tracker, cast.ballot, cast.proxyMemberIds],
  });
  return rowCount === 1;
}

/** What is seen now of the vote and the voter's roll row, to say why a cast was not taken. */
export async function encryptedRefusalFacts(
  pool: pg.Pool,
  voteId: number,
  voter: { userId: string } | { memberId: number },
) {
  const self = 'userId' in voter;
  const { rows } = await pool.query<{
    status: string;
    voted: boolean | null;
    proxy_member_id: string | null;
    tracker: string | null;
  }>({
    name: self ? 'gonghui-cast-encrypted-refusal-self' : 'gonghui-cast-encrypted-refusal-proxy',
    text: `SELECT v.status, r.voted, r.proxy_member_id, r.tracker
      FROM votes v LEFT JOIN vote_roll r ON r.vote_id = v.id AND ${self ? 'r.user_id = $2::uuid' : 'r.member_id = $2::bigint'}
      WHERE v.id = $1::bigint LIMIT 1`,
    values: [voteId, self ? voter.userId : voter.memberId],
  });
  const found = rows[0];
  return {
    status: found?.status ?? null,
    voted: found?.voted ?? null,
    proxyMemberId: found?.proxy_member_id == null ? null : Number(found.proxy_member_id),
    tracker: found?.tracker ?? null,
  };
}
