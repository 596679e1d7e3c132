import type pg from 'pg';
import { groupCommit } from '../../platform/group-commit';

/**
 * Group commit for ballots cast for oneself. While one statement for a vote is running, the casts
 * that arrive wait and then go in together as the next statement: one round trip and one commit
 * for many voters under load, and no wait at all when casts come one at a time. Each cast is still
 * judged alone: the statement claims each voter's own unvoted, unsealed roll row, and inserts a
 * ballot only for a claimed row. A voter appears at most once in a statement; a second cast from
 * the same voter goes in the next one and finds the row voted.
 */
const CAST_BATCH_SQL = `
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
cast_in AS (
  SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY AS c(user_id, receipt, choices, at)
),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'self'
  FROM votes v, cast_in c
  WHERE r.vote_id = $1::bigint AND r.user_id = c.user_id AND r.proxy_member_id IS NULL
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight, c.receipt, c.choices, c.at
),
boxed AS (
  INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
  SELECT $1::bigint, province_code, receipt, choices::smallint[], weight FROM claimed
)
-- One row per cast, in order: taken (from the update itself), or why not as of the statement's
-- snapshot: the vote's state, the voter's roll row, whether this very ballot form is already counted.
SELECT c.at, t.taken, v.status, r.voted, r.proxy_member_id,
       coalesce(r.voted AND vote_form_counted(v.id, v.province_code, c.receipt, c.choices::smallint[]), false) AS same_form
FROM cast_in c
CROSS JOIN LATERAL (SELECT c.at IN (SELECT at FROM claimed) AS taken) t
LEFT JOIN votes v ON v.id = $1::bigint
LEFT JOIN LATERAL (
  SELECT r.voted, r.proxy_member_id FROM vote_roll r
  WHERE NOT t.taken AND r.vote_id = v.id AND r.user_id = c.user_id LIMIT 1
) r ON true
ORDER BY c.at`;

export interface SelfCast {
  userId: string;
  receipt: string;
  /** Sorted choices as an array literal, `{1,3}`. */
  choices: string;
}

/**
 * Why a cast was not taken, as the statement that tried it saw things: the vote's state (null if
 * there is no such vote), and the voter's roll row (null fields if not on the roll).
 */
export interface RefusalFacts {
  status: string | null;
  voted: boolean | null;
  proxyMemberId: number | null;
  sameForm: boolean;
}

/** Taken, or refused with what the statement saw (null when the statement could not say). */
export type SelfCastOutcome = { taken: true } | { taken: false; facts: RefusalFacts | null };

/** Casts one voter's own ballot (grouped with others arriving meanwhile): taken, or not taken with the facts of why. */
export function castForSelf(pool: pg.Pool, voteId: number, cast: SelfCast): Promise<SelfCastOutcome> {
  return selfCasts(pool)(voteId, cast);
}

const grouped = new WeakMap<pg.Pool, (voteId: number, cast: SelfCast) => Promise<SelfCastOutcome>>();
function selfCasts(pool: pg.Pool) {
  let casts = grouped.get(pool);
  if (!casts) {
    casts = groupCommit((voteId: number, batch: SelfCast[]) => castTogether(pool, voteId, batch));
    grouped.set(pool, casts);
  }
  return casts;
}

async function castTogether(pool: pg.Pool, voteId: number, batch: SelfCast[]): Promise<SelfCastOutcome[]> {
  const result = await pool.query<{
    at: string;
    taken: boolean;
    status: string | null;
    voted: boolean | null;
    proxy_member_id: string | null;
    same_form: boolean;
  }>({
    name: 'gonghui-cast-batch',
    text: CAST_BATCH_SQL,
    values: [voteId, batch.map((c) => c.userId), batch.map((c) => c.receipt), batch.map((c) => c.choices)],
  });
  // Exactly one row per cast, numbered from 1 in the order sent.
  const rows = new Map(result.rows.map((row) => [Number(row.at), row]));
  return batch.map((_, i) => {
    const row = rows.get(i + 1);
    if (row?.taken) return { taken: true };
    return {
      taken: false,
      facts: row
        ? {
            status: row.status,
            voted: row.voted,
            proxyMemberId: row.proxy_member_id === null ? null : Number(row.proxy_member_id),
            sameForm: row.same_form,
          }
        : null,
    };
  });
}

// A cast on someone's behalf: one statement, so one transaction. The shared lock keeps a mix or
// close from running beside it; the roll row is claimed only if not yet voted and not sealed (a
// concurrent duplicate waits on the row and then finds it voted; a cast whose snapshot predates the
// close finds the row sealed once the close commits), and the ballot is inserted only if the claim
// succeeded.
const CAST_PROXY_SQL = `
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'proxy'
  FROM votes v
  WHERE r.vote_id = $1::bigint AND r.member_id = $2::bigint AND r.proxy_member_id = ANY($5::bigint[])
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight
)
INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
SELECT $1::bigint, province_code, $3::text, $4::smallint[], weight FROM claimed
RETURNING 1`;

/** Casts a ballot for `memberId` by one of the proxies `proxyMemberIds`; whether it was taken. */
export async function castForProxy(
  pool: pg.Pool,
  voteId: number,
  cast: { memberId: number; proxyMemberIds: readonly number[]; receipt: string; choices: string },
) {
  const { rowCount } = await pool.query({
    name: 'gonghui-cast-proxy',
    text: CAST_PROXY_SQL,
    values: [voteId, cast.memberId, cast.receipt, cast.choices, cast.proxyMemberIds],
  });
  return rowCount === 1;
}

// Why a cast did not go through, in one prepared query (refusals and retries come in bursts too):
// the vote's state, the voter's roll row, and whether this very ballot form is already counted.
const refusalSql = (voter: string) => `
SELECT v.status, r.voted, r.proxy_member_id,
       coalesce(r.voted AND vote_form_counted(v.id, v.province_code, $3, $4::smallint[]), false) AS same_form
FROM votes v LEFT JOIN vote_roll r ON r.vote_id = v.id AND ${voter}
WHERE v.id = $1::bigint
LIMIT 1`;
const REFUSAL_SELF_SQL = refusalSql('r.user_id = $2::uuid');
const REFUSAL_PROXY_SQL = refusalSql('r.member_id = $2::bigint');

/** What is seen now of the vote and a voter's roll row (by user for oneself, by member for a proxy). */
export async function refusalFacts(
  pool: pg.Pool,
  voteId: number,
  voter: { userId: string } | { memberId: number },
  form: { receipt: string; choices: string },
): Promise<RefusalFacts> {
  const self = 'userId' in voter;
  const { rows } = await pool.query<{
    status: string;
    voted: boolean | null;
    proxy_member_id: string | null;
    same_form: boolean;
  }>({
    name: self ? 'gonghui-cast-refusal-self' : 'gonghui-cast-refusal-proxy',
    text: self ? REFUSAL_SELF_SQL : REFUSAL_PROXY_SQL,
    values: [voteId, self ? voter.userId : voter.memberId, form.receipt, form.choices],
  });
  const found = rows[0];
  return {
    status: found?.status ?? null,
    voted: found?.voted ?? null,
    proxyMemberId: found?.proxy_member_id == null ? null : Number(found.proxy_member_id),
    sameForm: found?.same_form ?? false,
  };
}
