import type pg from 'pg';

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
cast_in AS (SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[]) AS c(user_id, receipt, choices)),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'self'
  FROM votes v, cast_in c
  WHERE r.vote_id = $1::bigint AND r.user_id = c.user_id AND r.proxy_member_id IS NULL
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight, c.receipt, c.choices
)
INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
SELECT $1::bigint, province_code, receipt, choices::smallint[], weight FROM claimed
RETURNING receipt`;

/** The most casts in one statement. */
const MOST = 200;

export interface SelfCast {
  userId: string;
  receipt: string;
  /** Sorted choices as an array literal, `{1,3}`. */
  choices: string;
}

interface Waiting extends SelfCast {
  settle(accepted: boolean): void;
  fail(error: unknown): void;
}

const queues = new Map<number, { waiting: Waiting[]; running: boolean }>();

/** Casts one voter's own ballot; true if it was taken, false if the roll row was not claimable. */
export function castForSelf(pool: pg.Pool, voteId: number, cast: SelfCast): Promise<boolean> {
  return new Promise((settle, fail) => {
    let queue = queues.get(voteId);
    if (!queue) {
      queue = { waiting: [], running: false };
      queues.set(voteId, queue);
    }
    queue.waiting.push({ ...cast, settle, fail });
    if (!queue.running) void drain(pool, voteId, queue);
  });
}

async function drain(pool: pg.Pool, voteId: number, queue: { waiting: Waiting[]; running: boolean }) {
  queue.running = true;
  try {
    while (queue.waiting.length > 0) {
      const batch: Waiting[] = [];
      const later: Waiting[] = [];
      const voters = new Set<string>();
      for (const cast of queue.waiting) {
        if (batch.length < MOST && !voters.has(cast.userId)) {
          voters.add(cast.userId);
          batch.push(cast);
        } else {
          later.push(cast);
        }
      }
      queue.waiting = later;
      await castTogether(pool, voteId, batch);
    }
  } finally {
    queue.running = false;
    if (queue.waiting.length === 0) queues.delete(voteId);
  }
}

async function castTogether(pool: pg.Pool, voteId: number, batch: Waiting[]): Promise<void> {
  try {
    const result = await pool.query<{ receipt: string }>({
      name: 'gonghui-cast-batch',
      text: CAST_BATCH_SQL,
      values: [voteId, batch.map((c) => c.userId), batch.map((c) => c.receipt), batch.map((c) => c.choices)],
    });
    const taken = new Set(result.rows.map((row) => row.receipt));
    for (const cast of batch) cast.settle(taken.has(cast.receipt));
  } catch (error) {
    if (batch.length === 1) {
      batch[0]!.fail(error);
      return;
    }
    // One cast that cannot go in (a ballot form sent by two voters, say) must not fail the others.
    for (const cast of batch) await castTogether(pool, voteId, [cast]);
  }
}
