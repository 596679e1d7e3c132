import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, login, type Session, sessionForUser, type TestApp } from '../../../test/helpers';
import { connect } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { buildMember, makeIdNumber } from '../membership/membership.seed';
import { castBallot } from './casting.service';
import { mixBallots } from './votes.repository';

// A members' vote at 深圳湾软件有限公司工会 with 1,000 voters who can sign in, cast through the
// service on a pool of 20 connections (concurrency), and a small vote cast over HTTP with logs
// captured (secrecy). Then every table, every column, every GET endpoint and every log line is
// searched for anything that links a ballot to a voter or orders ballots by casting time.
const VOTERS = 1000;
let t: TestApp;
const logLines: string[] = [];
let cadre: Session;
let unionId: number;
let voterUserIds: string[] = [];

const contextOf = (userId: string): RequestContext => ({
  actor: {
    userId,
    displayName: 'voter',
    kind: 'member',
    via: 'session',
    sessionId: null,
    roles: [],
    grants: new Map(),
  },
  requestId: randomUUID(),
  ip: '127.0.0.1',
});

beforeAll(async () => {
  t = await createTestApp({ logLines });
  cadre = await login(t.app, 'sz.cadre');
  const [union] = await t.db.select().from(organisations).where(eq(organisations.name, '深圳湾软件有限公司工会'));
  unionId = union!.id;
  const created = await t.db
    .insert(users)
    .values(
      Array.from({ length: VOTERS }, (_, i) => ({
        username: `voter${i}`,
        displayName: `voter${i}`,
        kind: 'member',
      })),
    )
    .returning({ id: users.id });
  voterUserIds = created.map((u) => u.id);
  await t.db.transaction(async (tx) => {
    for (const [i, userId] of voterUserIds.entries()) {
      await buildMember(tx, t.cipher, {
        organisationId: unionId,
        name: `投票人${String.fromCharCode(0x4e00 + (i % 500))}${String.fromCharCode(0x4e00 + Math.floor(i / 500))}`,
        idNumber: makeIdNumber('440305', `19${70 + (i % 30)}0101`, 5000 + i),
        userId,
      });
    }
  });
}, 240_000);
afterAll(() => t.close());

const call = (session: Session, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

async function openVote(title: string, kind: 'motion' | 'election' = 'motion') {
  const created = await call(cadre, 'POST', '/democracy/votes', {
    organisationId: unionId,
    kind,
    title,
    electorate: 'members',
    ballotMode: 'plain',
    ...(kind === 'election'
      ? { seats: 2, candidates: [{ name: '甲' }, { name: '乙' }, { name: '丙' }], counting: 'approval' }
      : {}),
  });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as number;
  expect((await call(cadre, 'POST', `/democracy/votes/${id}/freeze`)).statusCode).toBe(200);
  expect((await call(cadre, 'POST', `/democracy/votes/${id}/open`)).statusCode).toBe(200);
  return id;
}

describe('secrecy', () => {
  let voteId: number;
  const castOrder: string[] = [];
  const choicesOf = new Map<string, number[]>();
  let voterSessions: Session[] = [];

  beforeAll(async () => {
    voteId = await openVote('选举工会委员', 'election');
    // 40 voters sign in (a session each) and cast over HTTP, one after another so the order is known.
    voterSessions = [];
    for (const userId of voterUserIds.slice(0, 40)) voterSessions.push(await sessionForUser(t.db, userId));
    logLines.length = 0;
    for (const [i, session] of voterSessions.entries()) {
      const choices = i % 4 === 0 ? [] : i % 4 === 1 ? [1, 2] : i % 4 === 2 ? [3] : [2, 3];
      const response = await call(session, 'POST', `/democracy/votes/${voteId}/cast`, {
        choices,
        clientKey: randomUUID(),
      });
      expect(response.statusCode).toBe(200);
      castOrder.push(response.json().receipt);
      choicesOf.set(response.json().receipt, choices);
    }
    expect((await call(cadre, 'POST', `/democracy/votes/${voteId}/close`)).statusCode).toBe(200);
  }, 120_000);

  it('ballot tables hold no voter, no time and no ordered id', async () => {
    const columns = await t.db.execute<{
      table_name: string;
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>(sql`
      SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name IN ('vote_ballots', 'vote_ballot_box') ORDER BY table_name, ordinal_position`);
    for (const table of ['vote_ballots', 'vote_ballot_box']) {
      const own = columns.rows.filter((c) => c.table_name === table);
      expect(own.map((c) => c.column_name)).toEqual(['vote_id', 'province_code', 'receipt', 'choices', 'weight']);
      expect(own.every((c) => c.column_default === null)).toBe(true); // no sequence, no now(), no random uuid
      expect(own.some((c) => /time|date|uuid/.test(c.data_type))).toBe(false);
    }
    const keys = await t.db.execute<{ conname: string; confrelid: string }>(sql`
      SELECT conname, confrelid::regclass::text AS confrelid FROM pg_constraint
      WHERE conrelid IN ('vote_ballots'::regclass, 'vote_ballot_box'::regclass) AND contype = 'f'`);
    expect(keys.rows.map((k) => k.confrelid)).toEqual(['votes', 'votes']);
    const triggers = await t.db.execute(sql`
      SELECT 1 FROM pg_trigger WHERE tgrelid IN ('vote_ballots'::regclass, 'vote_ballot_box'::regclass) AND NOT tgisinternal`);
    expect(triggers.rows).toHaveLength(0);
  });

  it('no table or column anywhere else holds a receipt or a choice tied to a person', async () => {
    const tables = await t.db.execute<{ table_name: string }>(sql`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const sample = castOrder.slice(0, 10);
    for (const { table_name } of tables.rows) {
      for (const receipt of sample) {
        const hits = await t.db.execute(
          sql`SELECT 1 FROM ${sql.identifier(table_name)} AS r WHERE r::text LIKE ${`%${receipt}%`} LIMIT 1`,
        );
        expect({ table: table_name, hits: hits.rows.length }).toEqual({
          table: table_name,
          hits: table_name === 'vote_ballots' ? 1 : 0,
        });
      }
    }
    const audit = await t.db.execute(
      sql`SELECT action, changes::text AS changes FROM audit_log WHERE action LIKE 'vote.%'`,
    );
    expect(audit.rows.map((r) => r.action)).not.toContain('vote.cast');
    expect(JSON.stringify(audit.rows)).not.toMatch(/choices|receipt/);
  });

  it('ballots cannot be ordered by casting time: one transaction id for all, shuffled in the heap', async () => {
    const rows = await t.db.execute<{ receipt: string; xmin: string }>(sql`
      SELECT receipt, xmin::text AS xmin FROM vote_ballots WHERE vote_id = ${voteId} ORDER BY vote_ballots.ctid`);
    expect(rows.rows).toHaveLength(40);
    expect(new Set(rows.rows.map((r) => r.xmin)).size).toBe(1);
    const roll = await t.db.execute<{ xmin: string }>(
      sql`SELECT DISTINCT xmin::text AS xmin FROM vote_roll WHERE vote_id = ${voteId}`,
    );
    expect(roll.rows.map((r) => r.xmin)).toEqual([rows.rows[0]!.xmin]); // the close touched every roll row
    const heapOrder = rows.rows.map((r) => r.receipt);
    expect(heapOrder).not.toEqual(castOrder);
    // Rank correlation between heap order and casting order stays far from a trace (|ρ| < 0.7; a random order exceeds it about once in 10⁵ runs).
    const rank = new Map(castOrder.map((r, i) => [r, i]));
    const n = heapOrder.length;
    const d2 = heapOrder.reduce((sum, r, i) => sum + (i - rank.get(r)!) ** 2, 0);
    const rho = 1 - (6 * d2) / (n * (n * n - 1));
    expect(Math.abs(rho)).toBeLessThan(0.7);
    // Receipts are keyed hashes: their sorted order (the published order) is not the casting order either.
    expect([...castOrder].sort()).not.toEqual(castOrder);
  });

  it('the published list lets each voter find their ballot and anyone recount it', async () => {
    const published = (await call(voterSessions[3]!, 'GET', `/democracy/votes/${voteId}/ballots`)).json();
    expect(published.total).toBe(40);
    for (const ballot of published.items) expect(ballot.choices).toEqual(choicesOf.get(ballot.receipt));
    const { countBallots } = await import('@gonghui/contract');
    const recount = countBallots(published.items, 3);
    const result = (await call(voterSessions[0]!, 'GET', `/democracy/votes/${voteId}/result`)).json();
    expect(result.options.map((o: { votes: number }) => o.votes)).toEqual(recount.votes);
    expect(result.abstainWeight).toBe(recount.blankWeight);
    expect(JSON.stringify(published)).not.toMatch(/投票人|voter|memberId|userId/);
  });

  it('no GET endpoint returns a receipt outside the published list, and no log line carries one', async () => {
    const sample = castOrder.slice(0, 5);
    const routes = t.app.routeTable.filter(
      (r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && !r.url.endsWith('/ballots'),
    );
    const fill = (url: string) =>
      url
        .replace(':id', String(voteId))
        .replace(/:[a-zA-Z]+/g, '1')
        .replace('/api/v1', '');
    let checked = 0;
    for (const route of routes) {
      for (const session of [cadre, voterSessions[0]!]) {
        const response = await call(session, 'GET', fill(route.url));
        checked++;
        for (const receipt of sample) expect(response.body.includes(receipt), route.url).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(60);
    const logs = logLines.join('\n');
    for (const receipt of castOrder) expect(logs.includes(receipt)).toBe(false);
    expect(logs).not.toMatch(/"choices"|\/cast/);
  });
});

describe('the roll after close', () => {
  it('does not keep the order of voting in its heap', async () => {
    const [small] = await t.db
      .select()
      .from(organisations)
      .where(eq(organisations.name, '深圳湾科技园小微企业联合工会'));
    const created = await t.db
      .insert(users)
      .values(Array.from({ length: 40 }, (_, i) => ({ username: `roll${i}`, displayName: `roll${i}`, kind: 'member' })))
      .returning({ id: users.id });
    for (const [i, { id }] of created.entries()) {
      await buildMember(t.db, t.cipher, {
        organisationId: small!.id,
        name: `排序人${String.fromCharCode(0x4e00 + i)}`,
        idNumber: makeIdNumber('440305', '19880808', 100 + i),
        userId: id,
      });
    }
    const vote = await call(cadre, 'POST', '/democracy/votes', {
      organisationId: small!.id,
      kind: 'motion',
      title: '表决食堂改造方案',
      electorate: 'members',
      ballotMode: 'plain',
    });
    const voteId = vote.json().id as number;
    await call(cadre, 'POST', `/democracy/votes/${voteId}/freeze`);
    await call(cadre, 'POST', `/democracy/votes/${voteId}/open`);
    // They vote one after another in an order unlike their order on the roll.
    const castOrder = created
      .map((u, i) => ({ id: u.id, key: (i * 17) % 40 }))
      .sort((a, b) => a.key - b.key)
      .map((u) => u.id);
    for (const userId of castOrder) {
      const session = await sessionForUser(t.db, userId);
      const cast = await call(session, 'POST', `/democracy/votes/${voteId}/cast`, {
        choices: [1],
        clientKey: randomUUID(),
      });
      expect(cast.statusCode).toBe(200);
    }
    // Arrival can leave the roll's heap in the order of voting (each cast writes its row's new
    // version into the next free slot); lay it out so, as the worst case the close must undo.
    await t.db.execute(sql`
      WITH old AS (DELETE FROM vote_roll WHERE vote_id = ${voteId} RETURNING *)
      INSERT INTO vote_roll SELECT * FROM old
       ORDER BY voted, array_position(${`{${castOrder.join(',')}}`}::uuid[], user_id)`);
    const before = await t.db.execute<{ user_id: string }>(
      sql`SELECT user_id FROM vote_roll WHERE vote_id = ${voteId} AND voted ORDER BY vote_roll.ctid`,
    );
    expect(before.rows.map((r) => r.user_id)).toEqual(castOrder);
    expect((await call(cadre, 'POST', `/democracy/votes/${voteId}/close`)).statusCode).toBe(200);
    const heap = await t.db.execute<{ user_id: string }>(
      sql`SELECT user_id FROM vote_roll WHERE vote_id = ${voteId} AND voted ORDER BY vote_roll.ctid`,
    );
    const heapOrder = heap.rows.map((r) => r.user_id);
    expect(heapOrder).toHaveLength(40);
    // Rank correlation between the roll's heap order and the voting order: |ρ| < 0.7 (a random
    // order exceeds it about once in 10⁵ runs).
    const rank = new Map(castOrder.map((id, i) => [id, i]));
    const n = heapOrder.length;
    const d2 = heapOrder.reduce((sum, id, i) => sum + (i - rank.get(id)!) ** 2, 0);
    expect(Math.abs(1 - (6 * d2) / (n * (n * n - 1)))).toBeLessThan(0.7);
  });
});

describe('concurrency: 1,000 voters at once, with duplicates and retries', () => {
  it('stores exactly one ballot per voter and as many ballots as voters who voted', async () => {
    const id = await openVote('并发表决');
    const { db, pool } = connect(t.testDb.url, { max: 20 });
    type Attempt = { voter: number; key: string; choice: number };
    const attempts: Attempt[] = [];
    for (let voter = 0; voter < VOTERS; voter++) {
      const key = randomUUID();
      const choice = 1 + (voter % 3);
      attempts.push({ voter, key, choice });
      if (voter % 5 === 0) attempts.push({ voter, key, choice }); // a retry of the same ballot form
      if (voter % 7 === 0) attempts.push({ voter, key: randomUUID(), choice: 1 + ((voter + 1) % 3) }); // a second ballot
    }
    // shuffle so duplicates race each other
    for (let i = attempts.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [attempts[i], attempts[j]] = [attempts[j]!, attempts[i]!];
    }
    let mixed = false;
    const outcomes = await Promise.all(
      attempts.map(async (attempt, index) => {
        if (index === Math.floor(attempts.length / 2) && !mixed) {
          mixed = true; // a batch mix in the middle of the storm
          await db.transaction((tx) => mixBallots(tx, id, { all: false }));
        }
        try {
          const { receipt } = await castBallot({ db, cipher: t.cipher }, contextOf(voterUserIds[attempt.voter]!), id, {
            choices: [attempt.choice],
            clientKey: attempt.key,
          });
          return { ...attempt, receipt, error: null };
        } catch (error) {
          return { ...attempt, receipt: null, error: (error as { code?: string }).code ?? String(error) };
        }
      }),
    );
    await pool.end();
    const errors = new Set(outcomes.filter((o) => o.error).map((o) => o.error));
    expect([...errors]).toEqual(['democracy.already_voted']);
    // Per voter: one accepted ballot form (its retries answer the same receipt), every other refused.
    const acceptedKeys = new Map<number, Set<string>>();
    for (const o of outcomes.filter((o) => o.receipt)) {
      acceptedKeys.set(o.voter, (acceptedKeys.get(o.voter) ?? new Set()).add(o.key));
    }
    expect(acceptedKeys.size).toBe(VOTERS);
    expect([...acceptedKeys.values()].every((keys) => keys.size === 1)).toBe(true);
    const counts = (
      await t.db.execute<{ box: number; counted: number; voted: number }>(sql`
        SELECT (SELECT count(*)::int FROM vote_ballot_box WHERE vote_id = ${id}) AS box,
               (SELECT count(*)::int FROM vote_ballots WHERE vote_id = ${id}) AS counted,
               (SELECT count(*)::int FROM vote_roll WHERE vote_id = ${id} AND voted) AS voted`)
    ).rows[0]!;
    expect(counts.voted).toBe(VOTERS);
    expect(counts.box + counts.counted).toBe(VOTERS);
    const closed = await call(cadre, 'POST', `/democracy/votes/${id}/close`);
    expect(closed.statusCode).toBe(200);
    const result = (await call(cadre, 'GET', `/democracy/votes/${id}/result`)).json();
    expect(result.ballots).toBe(VOTERS);
    // The accepted choice of each voter, summed, is exactly what was counted.
    const expected = [0, 0, 0];
    const firstAccepted = new Map<number, number>();
    for (const o of outcomes.filter((o) => o.receipt)) firstAccepted.set(o.voter, o.choice);
    for (const choice of firstAccepted.values()) expected[choice - 1]! += 1;
    expect(result.options.map((o: { votes: number }) => o.votes)).toEqual(expected);
    // Casting after close is refused, however the request is timed.
    await expect(
      castBallot({ db: t.db, cipher: t.cipher }, contextOf(voterUserIds[0]!), id, {
        choices: [1],
        clientKey: randomUUID(),
      }),
    ).rejects.toMatchObject({ code: 'democracy.already_voted' });
  }, 120_000);
  it('takes a ballot form sent by two voters once, and fails none of the other casts of that moment', async () => {
    const id = await openVote('同一选票表单');
    const shared = randomUUID();
    const casts = Array.from({ length: 60 }, (_, voter) => ({ voter, key: voter < 2 ? shared : randomUUID() }));
    const outcomes = await Promise.all(
      casts.map(async (cast) => {
        try {
          const { receipt } = await castBallot(
            { db: t.db, cipher: t.cipher },
            contextOf(voterUserIds[cast.voter]!),
            id,
            {
              choices: [1],
              clientKey: cast.key,
            },
          );
          return { ...cast, receipt, error: null };
        } catch (error) {
          return { ...cast, receipt: null, error: (error as { code?: string }).code ?? String(error) };
        }
      }),
    );
    const pair = outcomes.filter((o) => o.voter < 2);
    expect(pair.map((o) => o.error).sort()).toEqual(['democracy.form_used', null]);
    expect(outcomes.filter((o) => o.voter >= 2).every((o) => o.receipt !== null)).toBe(true);
    const voted = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM vote_roll WHERE vote_id = ${id} AND voted`,
    );
    expect(voted.rows[0]!.n).toBe(59);
    // The voter whose form was taken votes with a fresh form.
    const refused = pair.find((o) => o.error)!;
    const again = await castBallot({ db: t.db, cipher: t.cipher }, contextOf(voterUserIds[refused.voter]!), id, {
      choices: [2],
      clientKey: randomUUID(),
    });
    expect(again.receipt).toMatch(/^[0-9A-Z]{4}-/);
  });
});

describe('refusals', () => {
  const refusalQueries = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.filter(([config]) => String((config as { name?: string }).name).startsWith('gonghui-cast-refusal'))
      .length;

  it('answers a retry, a second ballot and someone not on the roll from the cast statement itself', async () => {
    const id = await openVote('拒绝理由');
    const deps = { db: t.db, cipher: t.cipher };
    const key = randomUUID();
    const first = await castBallot(deps, contextOf(voterUserIds[0]!), id, { choices: [1], clientKey: key });
    const spy = vi.spyOn(t.db.$client, 'query');
    try {
      const [retry, second, outsider] = await Promise.allSettled([
        castBallot(deps, contextOf(voterUserIds[0]!), id, { choices: [1], clientKey: key }),
        castBallot(deps, contextOf(voterUserIds[0]!), id, { choices: [2], clientKey: randomUUID() }),
        castBallot(deps, contextOf(randomUUID()), id, { choices: [1], clientKey: randomUUID() }),
      ]);
      expect(retry).toEqual({ status: 'fulfilled', value: first });
      expect(second).toMatchObject({ status: 'rejected', reason: { code: 'democracy.already_voted' } });
      expect(outsider).toMatchObject({ status: 'rejected', reason: { code: 'democracy.not_on_roll' } });
      // The same form with other choices is not a retry.
      await expect(
        castBallot(deps, contextOf(voterUserIds[0]!), id, { choices: [3], clientKey: key }),
      ).rejects.toMatchObject({ code: 'democracy.already_voted' });
      expect(refusalQueries(spy)).toBe(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('asks again when the roll row looked claimable but was not claimed: the close came first', async () => {
    const id = await openVote('关闭在先');
    const deps = { db: t.db, cipher: t.cipher };
    // The close holds the vote's lock: the cast's statement takes its snapshot, then waits on it.
    const close = await t.db.$client.connect();
    const spy = vi.spyOn(t.db.$client, 'query');
    try {
      await close.query('BEGIN');
      await close.query(`SELECT pg_advisory_xact_lock(hashtextextended('vote:' || $1::bigint, 0))`, [id]);
      const cast = castBallot(deps, contextOf(voterUserIds[1]!), id, { choices: [1], clientKey: randomUUID() }).then(
        () => null,
        (error: { code?: string }) => error.code,
      );
      await expect
        .poll(async () => {
          const { rows } = await t.db.$client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
          );
          return rows[0]!.n;
        })
        .toBe(1);
      await close.query('UPDATE vote_roll SET sealed = true WHERE vote_id = $1', [id]);
      await close.query(`UPDATE votes SET status = 'closed' WHERE id = $1`, [id]);
      await close.query('COMMIT');
      // Its snapshot still shows the vote open and the row unvoted: only a fresh look can say why.
      expect(await cast).toBe('democracy.vote_state');
      expect(refusalQueries(spy)).toBe(1);
    } finally {
      spy.mockRestore();
      close.release();
    }
  });
});
