/**
 * Democracy scenarios: a 5,000-voter election cast over HTTP (every voter with their own session,
 * duplicates and retries mixed in) against the trivial-route ceiling, checked afterwards for lost
 * or duplicated ballots; and the count of 100,000 ballots.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import type { Db } from '../server/src/db/client';
import { tallyVote } from '../server/src/modules/democracy/tally';
import { authChanged } from '../server/src/platform/session-cache';
import { benchBallots } from './ballots';
import type { MembershipBench } from './membership-scenarios';

type DemocracyBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'ceilings'> & {
  password: string;
  /** Voters of the plain elections: 5,000, or 1,000 at smoke scale. */
  voters: number;
  /** Voters of the encrypted election (bench/ballots.ts): 5,000, or 100 at smoke scale. */
  encryptedVoters: number;
};

async function signIn(address: string, login: string, password: string) {
  const response = await fetch(`${address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie: response.headers.getSetCookie()[0]!.split(';')[0]!, csrfToken };
}

/**
 * A vote of `voters` active members of the first city, frozen with a roll written directly (the
 * roll of a real union is its subtree; here the size is what matters), each voter with an account.
 */
async function frozenVote(
  db: Db,
  admin: { cookie: string; csrfToken: string },
  address: string,
  voters: number,
  body: Record<string, unknown>,
  rollOf?: number,
) {
  const [union] = (
    await db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE type = 'grassroots' ORDER BY id LIMIT 1`)
  ).rows;
  const response = await fetch(`${address}/api/v1/democracy/votes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
    body: JSON.stringify({ organisationId: union!.id, electorate: 'members', ballotMode: 'plain', ...body }),
  });
  if (response.status !== 201) throw new Error(`create vote: ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: number };
  // A fresh set of members, or (rollOf) the voters of an earlier vote with their accounts.
  await db.execute(
    rollOf === undefined
      ? sql`
        INSERT INTO vote_roll (vote_id, province_code, member_id)
        SELECT ${id}, province_code, id FROM members WHERE status = 'active' AND user_id IS NULL ORDER BY id LIMIT ${voters}`
      : sql`
        INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
        SELECT ${id}, province_code, member_id, user_id FROM vote_roll WHERE vote_id = ${rollOf}`,
  );
  await db.execute(sql`UPDATE votes SET status = 'frozen', frozen_at = now(), electorate_count = ${voters},
    electorate_weight = ${voters}, electorate_hash = 'bench' WHERE id = ${id}`);
  return id;
}

/** A seven-seat approval election among nine candidates. */
const nineCandidates = (title: string) => ({
  kind: 'election',
  title,
  seats: 7,
  counting: 'approval',
  candidates: Array.from({ length: 9 }, (_, i) => ({ name: `候选人${i + 1}` })),
});

export async function benchDemocracy(b: DemocracyBench) {
  const admin = await signIn(b.address, 'bench.admin', b.password);
  const electorate = Math.min(
    b.voters,
    Number(
      (await b.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM members WHERE status = 'active'`)).rows[0]!
        .n,
    ),
  );
  const voteId = await frozenVote(b.db, admin, b.address, electorate, nineCandidates('基准：工会委员会选举'));
  // An account and a signed-in session per voter, written directly (argon2 for 5,000 logins would
  // measure the password hash, not the vote).
  const voters = (
    await b.db.execute<{ member_id: number; user_id: string }>(sql`
      WITH created AS (
        INSERT INTO users (username, display_name, kind)
        SELECT 'bench.voter.' || member_id, 'voter', 'member' FROM vote_roll WHERE vote_id = ${voteId}
        RETURNING id, username
      )
      SELECT substring(c.username FROM 13)::bigint AS member_id, c.id AS user_id FROM created c`)
  ).rows;
  await b.db.execute(sql`
    UPDATE members m SET user_id = u.id FROM users u
    WHERE u.username = 'bench.voter.' || m.id AND u.username LIKE 'bench.voter.%'`);
  await b.db.execute(sql`
    UPDATE vote_roll r SET user_id = m.user_id FROM members m
    WHERE r.vote_id = ${voteId} AND m.id = r.member_id AND m.province_code = r.province_code`);
  const sessions = voters.map(() => {
    const token = randomBytes(32).toString('base64url');
    return { token, csrf: randomBytes(16).toString('base64url') };
  });
  for (let start = 0; start < voters.length; start += 1000) {
    const chunk = voters.slice(start, start + 1000);
    await b.db.execute(sql`
      INSERT INTO sessions (id, user_id, csrf_token, expires_at, idle_seconds)
      SELECT * FROM unnest(
        ${`{${chunk
          .map((_, i) =>
            createHash('sha256')
              .update(sessions[start + i]!.token)
              .digest('hex'),
          )
          .join(',')}}`}::text[],
        ${`{${chunk.map((v) => v.user_id).join(',')}}`}::uuid[],
        ${`{${chunk.map((_, i) => sessions[start + i]!.csrf).join(',')}}`}::text[]
      ) AS s(id, user_id, csrf_token), LATERAL (SELECT now() + interval '1 hour', 3600) AS e(expires_at, idle_seconds)`);
  }
  // The accounts, sessions and roll were written in bulk a moment ago; production tables have
  // statistics (autovacuum), so give these theirs before measuring.
  await b.db.execute(sql`ANALYZE users, sessions, members, vote_roll`);
  await castElection(b, admin, voteId, sessions, false);
  // The same voters in a second election, every session looked up again: a voter who read the
  // ballot for longer than the session cache keeps a session (30 s).
  const again = await frozenVote(b.db, admin, b.address, electorate, nineCandidates('基准：第二轮选举'), voteId);
  await b.db.execute(sql`ANALYZE vote_roll`);
  await castElection(b, admin, again, sessions, true);

  // The encrypted election (bench/ballots.ts): the first voters of the same roll, ten candidates.
  const encryptedVoters = voters.slice(0, Math.min(b.encryptedVoters, voters.length));
  const encrypted = await frozenVote(
    b.db,
    admin,
    b.address,
    encryptedVoters.length,
    {
      kind: 'election',
      title: '基准：加密选举',
      seats: 3,
      counting: 'approval',
      maxChoices: 3,
      candidates: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'].map((name) => ({ name })),
      ballotMode: 'encrypted',
    },
    voteId,
  );
  await b.db.execute(sql`DELETE FROM vote_roll WHERE vote_id = ${encrypted}
    AND NOT member_id = ANY(${`{${encryptedVoters.map((v) => v.member_id).join(',')}}`}::bigint[])`);
  await b.db.execute(sql`ANALYZE vote_roll`);
  await benchBallots({
    record: b.record,
    db: b.db,
    address: b.address,
    admin,
    voteId: encrypted,
    voters: encryptedVoters.map((v, at) => ({ memberId: Number(v.member_id), ...sessions[at]! })),
    trivialRequestsPerSecond: b.ceilings.trivialRequestsPerSecond,
  });

  // The count: 100,000 ballots (or every member at smaller scales) of a nine-candidate election.
  const tallySize = Math.min(
    100_000,
    Number((await b.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM members`)).rows[0]!.n),
  );
  const countId = await frozenVote(b.db, admin, b.address, 0, nineCandidates('基准：计票'));
  await b.db.execute(sql`
    INSERT INTO vote_roll (vote_id, province_code, member_id, voted, voted_via, sealed)
    SELECT ${countId}, province_code, id, true, 'self', true FROM members ORDER BY id LIMIT ${tallySize}`);
  await b.db.execute(sql`
    INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
    SELECT ${countId}, province_code, md5(id::text || random()::text),
      ARRAY(SELECT DISTINCT 1 + (abs(hashint8(id * 31 + k)) % 9) FROM generate_series(1, 1 + id::int % 7) k ORDER BY 1)::smallint[], 1
    FROM members ORDER BY id LIMIT ${tallySize}`);
  await b.db.execute(
    sql`UPDATE votes SET status = 'open', electorate_count = ${tallySize}, electorate_weight = ${tallySize} WHERE id = ${countId}`,
  );
  await b.db.execute(sql`ANALYZE vote_ballots`);
  const tallyStarted = performance.now();
  const tally = await tallyVote(b.db, { id: countId, kind: 'election', sessionId: null }, 9);
  const tallyMs = performance.now() - tallyStarted;
  if (tally.ballots !== tallySize) throw new Error(`tally counted ${tally.ballots} of ${tallySize}`);
  b.record(`tally of ${tallySize.toLocaleString('en')} ballots`, tallyMs, 'ms', {
    target: '< 1000',
    pass: tallyMs < 1000,
  });
  const closeStarted = performance.now();
  const closedCount = await fetch(`${b.address}/api/v1/democracy/votes/${countId}/close`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
  });
  if (!closedCount.ok) throw new Error(`close: ${closedCount.status} ${await closedCount.text()}`);
  b.record(
    `close of ${tallySize.toLocaleString('en')} ballots (reshuffle, check, tally, vacuum)`,
    performance.now() - closeStarted,
    'ms',
  );
}

/** Every voter casts once over HTTP, with duplicates and retries; then the vote is closed and checked. */
async function castElection(
  b: DemocracyBench,
  admin: { cookie: string; csrfToken: string },
  voteId: number,
  sessions: { token: string; csrf: string }[],
  coldSessions: boolean,
) {
  const label = coldSessions ? 'every session looked up' : 'ballot paper opened first';
  const opened = await fetch(`${b.address}/api/v1/democracy/votes/${voteId}/open`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
  });
  if (!opened.ok) throw new Error(`open: ${opened.status}`);

  // Every voter opens the ballot paper first, as the member app does before it can cast (not timed;
  // the paper is read through the same signed-in session, which the app then keeps in memory).
  // With cold sessions the app then forgets every session, as if each voter had read the ballot
  // for longer than the session cache keeps one.
  let opening = 0;
  const papers = await autocannon({
    url: `${b.address}/api/v1/democracy/my/votes/${voteId}`,
    connections: 20,
    amount: sessions.length,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, cookie: `gh_session=${sessions[opening++ % sessions.length]!.token}` },
        }),
      },
    ],
  });
  if (papers.non2xx > 0) throw new Error(`ballot papers: ${papers.non2xx} refused`);
  if (coldSessions) await authChanged(b.db, null);

  // Every voter casts once; one in ten also sends a second, different ballot (refused) and one in
  // ten retries the same ballot form (answered with the same receipt).
  interface Cast {
    voter: number;
    key: string;
    choices: number[];
  }
  const plan: Cast[] = [];
  for (let voter = 0; voter < sessions.length; voter++) {
    const choices = [1 + (voter % 9), 1 + ((voter * 7) % 9)].filter((c, i, all) => all.indexOf(c) === i);
    const key = randomUUID();
    plan.push({ voter, key, choices });
    if (voter % 10 === 3) plan.push({ voter, key: randomUUID(), choices: [1] });
    if (voter % 10 === 7) plan.push({ voter, key, choices });
  }
  let next = 0;
  const statuses = new Map<number, number>();
  // A retried ballot form answers the receipt it got the first time, so distinct receipts are
  // distinct accepted ballots.
  const receipts = new Set<string>();
  const started = performance.now();
  // Autocannon settles on its one-second tick; the time of the last answer is the true end.
  let lastAnswer = started;
  const result = await autocannon({
    url: `${b.address}/api/v1/democracy/votes/${voteId}/cast`,
    connections: 20,
    amount: plan.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const cast = plan[next++ % plan.length]!;
          const session = sessions[cast.voter]!;
          return {
            ...request,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              cookie: `gh_session=${session.token}`,
              'x-csrf-token': session.csrf,
            },
            body: JSON.stringify({ choices: cast.choices, clientKey: cast.key }),
          };
        },
        onResponse: (status, body) => {
          lastAnswer = performance.now();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status === 200) receipts.add((JSON.parse(body) as { receipt: string }).receipt);
        },
      },
    ],
  });
  const seconds = (lastAnswer - started) / 1000;
  const accepted = receipts.size;
  const [counts] = (
    await b.db.execute<{ voted: number; ballots: number }>(sql`
      SELECT (SELECT count(*)::int FROM vote_roll WHERE vote_id = ${voteId} AND voted) AS voted,
             (SELECT count(*)::int FROM vote_ballot_box WHERE vote_id = ${voteId})
           + (SELECT count(*)::int FROM vote_ballots WHERE vote_id = ${voteId}) AS ballots`)
  ).rows;
  const closed = await fetch(`${b.address}/api/v1/democracy/votes/${voteId}/close`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken },
  });
  if (!closed.ok) throw new Error(`close: ${closed.status}`);
  const published = (
    await b.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM vote_ballots WHERE vote_id = ${voteId}`)
  ).rows[0]!.n;
  const exact =
    accepted === sessions.length &&
    counts!.voted === sessions.length &&
    counts!.ballots === sessions.length &&
    published === sessions.length;
  const rate = accepted / seconds;
  process.stdout.write(
    `  ${sessions.length} voters, ${plan.length} requests: ${[...statuses].map(([s, n]) => `${n}×${s}`).join(', ')}; errors ${result.errors}, timeouts ${result.timeouts}\n`,
  );
  b.record(`election of ${sessions.length} voters: ballots accepted over HTTP (${label})`, rate, 'ballots/s', {
    target: '≥ 2000',
    ceiling: b.ceilings.trivialRequestsPerSecond,
    pass: rate >= 2000,
  });
  b.record(
    `election (${label}): ballots lost or duplicated (receipts, roll, box, published)`,
    exact ? 0 : 1,
    'errors',
    {
      target: '0',
      pass: exact,
    },
  );
  b.record(`election (${label}): cast p99 under that load`, result.latency.p99, 'ms');
}
