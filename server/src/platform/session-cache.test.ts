import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, login, type Session, sessionForUser, type TestApp, testConfig } from '../../test/helpers';
import { buildApp } from '../app';
import { sha256Hex } from './crypto';
import { SessionCache } from './session-cache';
import { createLogSmsProvider } from './sms';

// Two app processes on one database, as behind a load balancer: A and B.
let a: TestApp;
let b: FastifyInstance;
beforeAll(async () => {
  a = await createTestApp();
  b = await buildApp({ db: a.db, config: testConfig(), cipher: a.cipher, sms: createLogSmsProvider(() => {}) });
  await b.ready();
});
afterAll(async () => {
  await b.close();
  await a.close();
});

const me = (app: FastifyInstance, session: Session) =>
  app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
const revokeByHand = (session: Session) =>
  a.db.execute(
    sql`UPDATE sessions SET revoked_at = now() WHERE id = ${sha256Hex(session.cookie.slice('gh_session='.length))}`,
  );
const listeners = async () =>
  (
    await a.db.execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE application_name = 'gonghui-auth-listener' AND datname = current_database() AND query LIKE 'LISTEN%'`)
  ).rows[0]!.n;

describe('sessions served from memory', () => {
  it('serves a signed-in session without looking it up again (a change made behind the app’s back shows)', async () => {
    const session = await login(a.app, 'station');
    expect((await me(a.app, session)).statusCode).toBe(200);
    // Revoked by hand in SQL: no notice, so this process still has the session in memory.
    await revokeByHand(session);
    expect((await me(a.app, session)).statusCode).toBe(200);
  });

  it('signs out everywhere at once: the other process hears the notice', async () => {
    const session = await login(a.app, 'gz.cadre');
    expect((await me(a.app, session)).statusCode).toBe(200);
    expect((await me(b, session)).statusCode).toBe(200);
    const out = await a.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session.headers });
    expect(out.statusCode).toBe(200);
    // In the process that signed out, at once; in the other, as soon as the notice arrives.
    expect((await me(a.app, session)).statusCode).toBe(401);
    await vi.waitFor(async () => expect((await me(b, session)).statusCode).toBe(401), { timeout: 5000 });
  });

  it('signs out another of my sessions at once, in both processes', async () => {
    const first = await login(a.app, 'sz.cadre');
    const second = await login(a.app, 'sz.cadre');
    expect((await me(b, second)).statusCode).toBe(200);
    const list = (
      await a.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers: { cookie: first.cookie } })
    ).json() as { id: string; current: boolean }[];
    const other = list.find((s) => !s.current)!;
    const revoked = await a.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/sessions/${other.id}`,
      headers: first.headers,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await me(a.app, second)).statusCode).toBe(401);
    await vi.waitFor(async () => expect((await me(b, second)).statusCode).toBe(401), { timeout: 5000 });
    expect((await me(a.app, first)).statusCode).toBe(200);
  });

  it('shows an organisation’s new name in every process’s sessions', async () => {
    const admin = await login(a.app, 'admin');
    const cadre = await login(a.app, 'union.cadre');
    const before = (await me(b, cadre)).json() as { roles: { organisationId: number; organisationName: string }[] };
    const union = before.roles[0]!;
    const renamed = await a.app.inject({
      method: 'PATCH',
      url: `/api/v1/organisations/${union.organisationId}`,
      payload: { name: '天河软件园科技有限公司工会委员会' },
      headers: admin.headers,
    });
    expect(renamed.statusCode).toBe(200);
    expect((await me(a.app, cadre)).json().roles[0].organisationName).toBe('天河软件园科技有限公司工会委员会');
    await vi.waitFor(
      async () =>
        expect((await me(b, cadre)).json().roles[0].organisationName).toBe('天河软件园科技有限公司工会委员会'),
      { timeout: 5000 },
    );
  });

  it('looks up many sessions at once without mixing them up', async () => {
    const users = (
      await a.db.execute<{ id: string; username: string }>(sql`SELECT id, username FROM users ORDER BY username`)
    ).rows;
    const sessions = await Promise.all(users.map((u) => sessionForUser(a.db, u.id)));
    // Every one cold in B, all at once: one query answers several requests.
    const answers = await Promise.all(sessions.map((session) => me(b, session)));
    expect(answers.map((r) => r.json().user.username)).toEqual(users.map((u) => u.username));
  });

  it('caches nothing while the notice connection is down, so a change is never missed', async () => {
    const session = await login(a.app, 'auditor');
    expect((await me(b, session)).statusCode).toBe(200);
    await a.db.execute(sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'gonghui-auth-listener' AND datname = current_database()`);
    // Once a process has lost its listener it drops everything and looks every session up.
    await vi.waitFor(
      async () => {
        await revokeByHand(session);
        expect((await me(b, session)).statusCode).toBe(401);
      },
      { timeout: 5000 },
    );
    // It listens again within seconds, and caches again.
    await vi.waitFor(async () => expect(await listeners()).toBe(2), { timeout: 10_000, interval: 100 });
    const again = await login(a.app, 'mediator');
    expect((await me(b, again)).statusCode).toBe(200);
    await revokeByHand(again);
    expect((await me(b, again)).statusCode).toBe(200);
  });
});

describe('how long an entry serves', () => {
  let cache: SessionCache<{ userId: string }>;
  beforeAll(async () => {
    cache = new SessionCache(a.db.$client, 30_000);
    await cache.start();
  });
  afterAll(() => cache.close());
  const found = { userId: 'u1' };

  it('no longer than its lifetime, the session’s absolute expiry or its idle limit', () => {
    const now = 1_000_000;
    cache.set('life', found, { expiresInMs: 3_600_000, idleSeconds: 3600, seenAgoMs: 0 }, cache.stamp, now);
    expect(cache.get('life', now + 29_999)).not.toBeNull();
    expect(cache.get('life', now + 30_000)).toBeNull();
    cache.set('expiry', found, { expiresInMs: 5_000, idleSeconds: 3600, seenAgoMs: 0 }, cache.stamp, now);
    expect(cache.get('expiry', now + 4_999)).not.toBeNull();
    expect(cache.get('expiry', now + 5_000)).toBeNull();
    cache.set('idle', found, { expiresInMs: 3_600_000, idleSeconds: 60, seenAgoMs: 50_000 }, cache.stamp, now);
    expect(cache.get('idle', now + 9_999)).not.toBeNull();
    expect(cache.get('idle', now + 10_000)).toBeNull();
  });

  it('asks for last-seen to be written once a minute, and a write restarts the idle limit', async () => {
    // A lifetime longer than the minute between writes.
    const long = new SessionCache<{ userId: string }>(a.db.$client, 600_000);
    await long.start();
    const now = 2_000_000;
    long.set('touch', found, { expiresInMs: 3_600_000, idleSeconds: 120, seenAgoMs: 0 }, long.stamp, now);
    expect(long.get('touch', now + 59_999)?.needsTouch).toBe(false);
    expect(long.get('touch', now + 60_000)?.needsTouch).toBe(true);
    long.touched('touch', now + 60_000);
    expect(long.get('touch', now + 60_001)?.needsTouch).toBe(false);
    expect(long.get('touch', now + 179_999)).not.toBeNull();
    expect(long.get('touch', now + 180_000)).toBeNull();
    await long.close();
  });

  it('keeps no lookup that began before a change, and drops only the changed user’s sessions', () => {
    const now = 3_000_000;
    const timing = { expiresInMs: 3_600_000, idleSeconds: 3600, seenAgoMs: 0 };
    const stamp = cache.stamp;
    cache.dropFor('someone');
    cache.set('stale', found, timing, stamp, now);
    expect(cache.get('stale', now)).toBeNull();
    cache.set('mine', { userId: 'u1' }, timing, cache.stamp, now);
    cache.set('theirs', { userId: 'u2' }, timing, cache.stamp, now);
    cache.dropFor('u1');
    expect(cache.get('mine', now)).toBeNull();
    expect(cache.get('theirs', now)).not.toBeNull();
    cache.dropFor('*');
    expect(cache.get('theirs', now)).toBeNull();
  });

  it('caches nothing while it cannot hear change notices', async () => {
    const deaf = new SessionCache<{ userId: string }>(a.db.$client, 30_000, { retryMs: 3_600_000 });
    await deaf.start();
    const timing = { expiresInMs: 3_600_000, idleSeconds: 3600, seenAgoMs: 0 };
    deaf.set('before', found, timing, deaf.stamp);
    expect(deaf.get('before')).not.toBeNull();
    await a.db.execute(sql`
      SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'gonghui-auth-listener' AND datname = current_database()`);
    await vi.waitFor(() => expect(deaf.listening).toBe(false), { timeout: 5000 });
    expect(deaf.get('before')).toBeNull();
    deaf.set('during', found, timing, deaf.stamp);
    expect(deaf.get('during')).toBeNull();
    await deaf.close();
  });

  it('caches nothing when its lifetime is zero', async () => {
    const off = new SessionCache<{ userId: string }>(a.db.$client, 0);
    await off.start();
    off.set('x', found, { expiresInMs: 3_600_000, idleSeconds: 3600, seenAgoMs: 0 }, off.stamp);
    expect(off.get('x')).toBeNull();
    await off.close();
  });
});
