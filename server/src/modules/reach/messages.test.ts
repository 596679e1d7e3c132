import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { organisations } from '../../platform/organisations.tables';
import { createDisabledSmsProvider } from '../../platform/sms';
import { users } from '../accounts/accounts.tables';
import { deliverDue } from './deliver';
import { notify } from './notify.service';
import { quietUntil } from './quiet-hours';

// The message centre (issue 24): one inbox per person, the channels they chose, quiet hours, and
// what cadres see of deliveries that failed.
let t: TestApp;
let rider: Session;
let worker: Session;
let gz: Session;
let sz: Session;
let riderId: string;
let workerId: string;
let riderUnion: number;

beforeAll(async () => {
  t = await createTestApp();
  rider = await login(t.app, 'rider');
  worker = await login(t.app, 'worker');
  gz = await login(t.app, 'gz.cadre');
  sz = await login(t.app, 'sz.cadre');
  const idOf = async (username: string) =>
    (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
  riderId = await idOf('rider');
  workerId = await idOf('worker');
  // A Guangzhou union: gz.cadre's subtree, not sz.cadre's.
  riderUnion = (await t.db.select().from(organisations).where(eq(organisations.name, '天河区美团外卖骑手工会')))[0]!.id;
  // The demo's notices are in inboxes too; they are notices.test.ts's, so these inboxes start empty.
  await t.db.execute(sql`DELETE FROM notice_audience`);
  await t.db.execute(sql`DELETE FROM notices`);
}, 60_000);
afterAll(() => t.close());

const call = (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session.headers,
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  });
const ok = async (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const tell = (recipients: string[], extra: Partial<Parameters<typeof notify>[1]> = {}, now?: Date) =>
  t.db.transaction((tx) =>
    notify(
      tx,
      {
        kind: 'case.reply',
        recipients,
        params: { caseId: 42 },
        link: '/app/help/42',
        organisationId: riderUnion,
        ...extra,
      },
      now,
    ),
  );
const deliveriesOf = async (userId: string) =>
  (
    await t.db.execute<{ channel: string; status: string; not_before: string; reason: string | null }>(
      sql`SELECT channel, status, not_before, reason FROM message_deliveries WHERE user_id = ${userId} ORDER BY id`,
    )
  ).rows.map((row) => ({ ...row, not_before: new Date(row.not_before) }));
const clearDeliveries = () => t.db.execute(sql`DELETE FROM message_deliveries`);

describe('quiet hours (China time)', () => {
  const at = (iso: string) => new Date(iso);
  it.each([
    // [now (UTC), quiet hours, sent at (UTC) or null for at once]
    ['2026-12-07T14:30:00Z', { start: '22:00', end: '07:00' }, '2026-12-07T23:00:00Z'], // 22:30 in China
    ['2026-12-07T18:05:40Z', { start: '22:00', end: '07:00' }, '2026-12-07T23:00:00Z'], // 02:05 past midnight
    ['2026-12-07T23:00:00Z', { start: '22:00', end: '07:00' }, null], // 07:00: over
    ['2026-12-07T13:59:00Z', { start: '22:00', end: '07:00' }, null], // 21:59: not yet
    ['2026-12-07T05:00:00Z', { start: '12:00', end: '14:00' }, '2026-12-07T06:00:00Z'], // 13:00, a lunch rest
    ['2026-12-07T06:00:00Z', { start: '12:00', end: '14:00' }, null],
  ] as const)('at %s with %o: %s', (now, quiet, expected) => {
    expect(quietUntil(at(now), quiet)?.toISOString() ?? null).toBe(
      expected === null ? null : at(expected).toISOString(),
    );
  });
  it('sends at once without quiet hours', () => {
    expect(quietUntil(new Date(), null)).toBeNull();
  });
});

describe('the inbox', () => {
  it('holds a person’s messages only: another person neither lists nor marks them', async () => {
    expect(await tell([riderId, riderId, null as unknown as string])).toBe(1);
    const mine = await ok(rider, 'GET', '/messages');
    expect(mine.items).toEqual([
      expect.objectContaining({
        category: 'case',
        kind: 'case.reply',
        params: { caseId: 42 },
        link: '/app/help/42',
        readAt: null,
      }),
    ]);
    expect(mine.unread).toBe(1);
    expect(mine.unreadByCategory.case).toBe(1);
    const theirs = await ok(worker, 'GET', '/messages');
    expect(theirs.items).toEqual([]);
    // The worker names the rider's message: nothing of the rider's changes.
    await ok(worker, 'POST', '/messages/read', { ids: [mine.items[0].id] });
    expect((await ok(rider, 'GET', '/messages/unread')).unread).toBe(1);
    expect((await ok(rider, 'POST', '/messages/read', { ids: [mine.items[0].id] })).unread).toBe(0);
    expect((await ok(rider, 'GET', '/messages?unread=true')).items).toEqual([]);
  });

  it('counts the whole inbox on every page, past the last one too: messages and notices, and the unread of each', async () => {
    const before = await ok(rider, 'GET', '/messages?pageSize=100');
    expect(before.unreadByCategory.notice).toBe(0);
    const guangzhou = (await t.db.select().from(organisations).where(eq(organisations.name, '广州市总工会')))[0]!.id;
    const published: number[] = [];
    for (const title of ['一', '二', '三']) {
      const notice = await call(gz, 'POST', '/notices', {
        organisationId: guangzhou,
        title: `通知${title}`,
        body: '<p>x</p>',
        audience: { organisationIds: [riderUnion] },
        publish: true,
      });
      expect(notice.statusCode, notice.body).toBe(201);
      published.push(notice.json().id);
    }
    await tell([riderId]);
    await tell([riderId]);
    const total = before.total + 5;
    const unread = before.unread + 5;
    const first = await ok(rider, 'GET', '/messages?pageSize=2');
    const second = await ok(rider, 'GET', '/messages?pageSize=2&page=2');
    const past = await ok(rider, 'GET', '/messages?pageSize=2&page=50');
    for (const page of [first, second, past]) {
      expect([page.total, page.unread, page.unreadByCategory.notice]).toEqual([total, unread, 3]);
    }
    expect([first.items.length, second.items.length, past.items]).toEqual([2, 2, []]);
    const notices = await ok(rider, 'GET', '/messages?category=notice&pageSize=1');
    expect([notices.total, notices.items.length, notices.unread]).toEqual([3, 1, unread]);
    // One notice read: one fewer unread, on the unread list and in all.
    await ok(rider, 'POST', '/messages/read', { noticeIds: [published[0]] });
    const onlyUnread = await ok(rider, 'GET', '/messages?unread=true&pageSize=100');
    expect([onlyUnread.total, onlyUnread.unread, onlyUnread.items.length]).toEqual([
      unread - 1,
      unread - 1,
      unread - 1,
    ]);
    const mine = await ok(rider, 'GET', '/my/notices?page=9&pageSize=10');
    expect([mine.total, mine.items]).toEqual([3, []]);
  });

  it('tells a recipient once about a source when asked to, however often the sweep runs', async () => {
    const source = { type: 'rights_case', id: 7, once: true };
    expect(await tell([riderId, workerId], { kind: 'case.mediation_expired', source })).toBe(2);
    expect(await tell([riderId, workerId], { kind: 'case.mediation_expired', source })).toBe(0);
    const kinds = (await ok(worker, 'GET', '/messages?category=case')).items.map((m: { kind: string }) => m.kind);
    expect(kinds).toEqual(['case.mediation_expired']);
  });

  it('tells thousands at once (a vote’s roll): more rows than one statement takes parameters', async () => {
    const many = await t.db.execute<{ id: string }>(sql`
      INSERT INTO users (username, display_name, kind)
      SELECT 'roll.' || n, '投票人' || n, 'member' FROM generate_series(1, 8000) AS n RETURNING id`);
    const ids = many.rows.map((row) => row.id);
    expect(await tell(ids, { kind: 'vote.opened', params: { title: '选举' }, link: '/app/votes/1' })).toBe(8000);
    const counted = await t.db.execute<{ messages: number; deliveries: number }>(sql`
      SELECT (SELECT count(*)::int FROM messages WHERE kind = 'vote.opened') AS messages,
             (SELECT count(*)::int FROM message_deliveries d JOIN messages m ON m.id = d.message_id
               WHERE m.kind = 'vote.opened') AS deliveries`);
    expect(counted.rows[0]).toEqual({ messages: 8000, deliveries: 16000 });
    await t.db.execute(sql`DELETE FROM messages WHERE kind = 'vote.opened'`);
  });

  it('refuses what is not a message filter, in the reader’s language', async () => {
    const bad = await call(rider, 'GET', '/messages?category=gossip');
    expect(bad.statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/messages' });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('channels, preferences and quiet hours', () => {
  it('sends by the default channels of a category until the person chooses otherwise', async () => {
    await clearDeliveries();
    const defaults = await ok(worker, 'GET', '/messages/preferences');
    expect(defaults.channels.case).toEqual({ sms: true, wechat: true });
    expect(defaults.channels.notice).toEqual({ sms: false, wechat: true });
    expect(defaults.quietHours).toBeNull();
    expect(defaults.hasMobile).toBe(true);
    await tell([workerId]);
    expect((await deliveriesOf(workerId)).map((d) => d.channel).sort()).toEqual(['sms', 'wechat']);
  });

  it('keeps a person’s choices and quiet hours, and a critical message passes both', async () => {
    await clearDeliveries();
    const saved = await ok(worker, 'PUT', '/messages/preferences', {
      channels: { case: { sms: false, wechat: true } },
      quietHours: { start: '22:00', end: '07:00' },
    });
    expect(saved.channels.case).toEqual({ sms: false, wechat: true });
    expect(saved.channels.vote).toEqual({ sms: true, wechat: true });
    const lateEvening = new Date('2026-12-07T14:30:00Z'); // 22:30 in China
    await tell([workerId], {}, lateEvening);
    expect(await deliveriesOf(workerId)).toEqual([
      expect.objectContaining({ channel: 'wechat', status: 'pending', not_before: new Date('2026-12-07T23:00:00Z') }),
    ]);
    await clearDeliveries();
    await tell([workerId], { critical: true }, lateEvening);
    const critical = await deliveriesOf(workerId);
    expect(critical.map((d) => d.channel).sort()).toEqual(['sms', 'wechat']);
    for (const d of critical) expect(d.not_before).toEqual(lateEvening);
    // Quiet hours that start and end together are refused, on the field.
    const bad = await call(worker, 'PUT', '/messages/preferences', {
      channels: {},
      quietHours: { start: '22:00', end: '22:00' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'quietHours.end' })]);
    await ok(worker, 'PUT', '/messages/preferences', {
      channels: { case: { sms: true, wechat: true } },
      quietHours: null,
    });
  });
});

describe('delivery', () => {
  it('sends each due delivery in the recipient’s language, skips SMS to an account without a mobile', async () => {
    await clearDeliveries();
    t.texts.length = 0;
    const [noMobile] = await t.db
      .insert(users)
      .values({ username: 'no.mobile', displayName: '无手机', kind: 'member', locale: 'en' })
      .returning({ id: users.id });
    await tell([workerId, noMobile!.id]);
    const done = await deliverDue(t.jobDeps);
    expect(done).toEqual({ sent: 3, failed: 0, skipped: 1, retrying: 0 });
    expect(t.texts).toContainEqual({ channel: 'sms', to: '13800138010', text: '【工会】案件 42 有新的回复' });
    expect(t.texts).toContainEqual({
      channel: 'wechat',
      to: noMobile!.id,
      text: 'There is a new reply on case 42',
    });
    expect((await deliveriesOf(noMobile!.id)).find((d) => d.channel === 'sms')).toMatchObject({
      status: 'skipped',
      reason: 'no_mobile',
    });
    // Nothing is sent twice.
    expect(await deliverDue(t.jobDeps)).toEqual({ sent: 0, failed: 0, skipped: 0, retrying: 0 });
  });

  it('sends each delivery once while senders overlap: a claimed batch is leased, then sent outside the claim', async () => {
    await clearDeliveries();
    t.texts.length = 0;
    await tell([workerId, riderId]);
    // A slow gateway: the first sender is still sending when the second one runs.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = {
      ...t.jobDeps,
      sms: {
        ...t.jobDeps.sms,
        async sendText(text: { mobile: string; text: string }) {
          await held;
          await t.jobDeps.sms.sendText(text);
        },
      },
    };
    const first = deliverDue(slow);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await deliverDue(t.jobDeps)).toEqual({ sent: 0, failed: 0, skipped: 0, retrying: 0 });
    release();
    expect(await first).toEqual({ sent: 4, failed: 0, skipped: 0, retrying: 0 });
    expect(t.texts).toHaveLength(4);
    expect((await deliveriesOf(workerId)).every((d) => d.status === 'sent')).toBe(true);
  });

  it('marks SMS failed at once where no gateway is configured (production without a carrier)', async () => {
    await clearDeliveries();
    await tell([workerId]);
    const done = await deliverDue({ ...t.jobDeps, sms: createDisabledSmsProvider() });
    expect(done).toEqual({ sent: 1, failed: 1, skipped: 0, retrying: 0 });
    expect((await deliveriesOf(workerId)).find((d) => d.channel === 'sms')).toMatchObject({
      status: 'failed',
      reason: 'sms_unavailable',
    });
  });

  it('tries a failing channel three times, then shows it failed to the cadres over it and no one else', async () => {
    await clearDeliveries();
    await ok(rider, 'PUT', '/messages/preferences', {
      channels: { case: { sms: true, wechat: false } },
      quietHours: null,
    });
    await tell([riderId]);
    const failing = {
      ...t.jobDeps,
      sms: {
        ...t.jobDeps.sms,
        async sendText() {
          throw new Error('gateway down');
        },
      },
    };
    expect(await deliverDue(failing)).toMatchObject({ retrying: 1 });
    // The back-off has the next try wait: make it due now, twice.
    for (const expected of [{ retrying: 1 }, { failed: 1 }]) {
      await t.db.execute(sql`UPDATE message_deliveries SET not_before = now() WHERE status = 'pending'`);
      expect(await deliverDue(failing)).toMatchObject(expected);
    }
    const seen = await ok(gz, 'GET', '/messages/deliveries');
    expect(seen.items).toEqual([
      expect.objectContaining({
        channel: 'sms',
        status: 'failed',
        attempts: 3,
        reason: 'provider_error',
        category: 'case',
      }),
    ]);
    expect(seen.items[0].recipient).toBeTruthy();
    // Shenzhen's cadre sees none of Guangzhou's, and cannot send it again.
    expect((await ok(sz, 'GET', '/messages/deliveries')).items).toEqual([]);
    expect([403, 404]).toContain((await call(sz, 'POST', `/messages/deliveries/${seen.items[0].id}/retry`)).statusCode);
    // A member has no such page.
    expect((await call(rider, 'GET', '/messages/deliveries')).statusCode).toBe(403);
    // Guangzhou's cadre sends it again: pending, audited, then sent.
    const again = await ok(gz, 'POST', `/messages/deliveries/${seen.items[0].id}/retry`);
    expect(again.status).toBe('pending');
    expect((await call(gz, 'POST', `/messages/deliveries/${seen.items[0].id}/retry`)).statusCode).toBe(409);
    const audit = await t.db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'delivery.retry' AND subject_id = ${String(seen.items[0].id)}`,
    );
    expect(audit.rowCount).toBe(1);
    expect(await deliverDue(t.jobDeps)).toMatchObject({ sent: 1 });
    expect((await ok(gz, 'GET', '/messages/deliveries?status=sent')).items).toHaveLength(1);
  });
});
