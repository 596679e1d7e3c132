import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { organisations } from '../../platform/organisations.tables';
import { roleAssignments, users } from '../accounts/accounts.tables';
import { countLive, escalateDue } from './notices.service';

// Notices (issue 24): one row and its audience rule reaching exactly its audience, read rates by
// branch within each cadre's own subtree, reminders and escalation once and on working days.
let t: TestApp;
let api: ReturnType<typeof apiCaller>;
let gz: Session;
let sz: Session;
let unionCadre: Session;
let rider: Session;
let worker: Session;
const org: Record<string, number> = {};
const user: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  api = apiCaller(t.app);
  [gz, sz, unionCadre, rider, worker] = (await Promise.all(
    ['gz.cadre', 'sz.cadre', 'union.cadre', 'rider', 'worker'].map((name) => login(t.app, name)),
  )) as [Session, Session, Session, Session, Session];
  for (const [key, name] of Object.entries({
    guangzhou: '广州市总工会',
    tianhe: '天河区总工会',
    riders: '天河区美团外卖骑手工会',
    software: '天河软件园科技有限公司工会',
    shenzhen: '深圳市总工会',
    electronics: '南山电子科技股份有限公司工会',
  }))
    org[key] = (await t.db.select().from(organisations).where(eq(organisations.name, name)))[0]!.id;
  for (const username of ['rider', 'worker', 'gz.cadre', 'union.cadre', 'sz.cadre'])
    user[username] = (await t.db.select({ id: users.id }).from(users).where(eq(users.username, username)))[0]!.id;
}, 60_000);
afterAll(() => t.close());

type View = { id: number; status: string; live: boolean; audienceSize: number; reads: number; readAt: string | null };
const audience = (organisationIds: number[], extra: Record<string, unknown> = {}) => ({
  organisationIds,
  ...extra,
});
/** Publishes (or drafts) a notice, then runs the job's count of audiences gone live. */
const publish = async (session: Session, organisationId: number, extra: Record<string, unknown> = {}) => {
  const notice = (await api.ok(
    session,
    'POST',
    '/notices',
    {
      organisationId,
      title: '关于开展冬季送温暖活动的通知',
      body: '<p>各基层工会：请于本月底前报送困难职工名单。</p>',
      audience: audience([organisationId]),
      publish: true,
      ...extra,
    },
    201,
  )) as View;
  await countLive(t.jobDeps);
  return notice;
};
const mine = async (session: Session) =>
  ((await api.ok(session, 'GET', '/my/notices?pageSize=200')).items as View[]).map((n) => n.id);

describe('who a notice reaches', () => {
  it('reaches the members under its audience who match its attributes, and no one else', async () => {
    const city = await publish(gz, org.guangzhou!);
    const standardOnly = await publish(gz, org.guangzhou!, {
      audience: audience([org.guangzhou!], { employmentForms: ['standard'] }),
    });
    const gigOnly = await publish(gz, org.guangzhou!, {
      audience: audience([org.tianhe!], { employmentForms: ['gig'] }),
    });
    const delegates = await publish(sz, org.shenzhen!, {
      audience: audience([org.shenzhen!], { delegatesOnly: true }),
    });
    const gzDelegates = await publish(gz, org.guangzhou!, {
      audience: audience([org.guangzhou!], { delegatesOnly: true }),
    });
    const software = await publish(gz, org.guangzhou!, { audience: audience([org.software!]) });

    const riderSees = await mine(rider);
    expect(riderSees).toContain(city.id);
    expect(riderSees).toContain(gigOnly.id);
    expect(riderSees).not.toContain(standardOnly.id); // a gig worker
    expect(riderSees).not.toContain(gzDelegates.id); // not a delegate
    expect(riderSees).not.toContain(software.id); // another union
    expect(riderSees).not.toContain(delegates.id); // another city

    const workerSees = await mine(worker);
    expect(workerSees).toContain(delegates.id); // on the presidium of a congress not yet closed
    expect(workerSees).not.toContain(city.id);
  });

  it('narrows by the industry of the member’s employer', async () => {
    const [{ employer_id: employerId }] = (
      await t.db.execute<{ employer_id: string }>(
        sql`SELECT employer_id FROM members WHERE user_id = ${user.worker} AND employer_id IS NOT NULL`,
      )
    ).rows as [{ employer_id: string }];
    await t.db.execute(sql`UPDATE employers SET industry_code = 'C39' WHERE id = ${employerId}`);
    const manufacturing = await publish(sz, org.shenzhen!, {
      audience: audience([org.shenzhen!], { industries: ['C'] }),
    });
    const software = await publish(sz, org.shenzhen!, { audience: audience([org.shenzhen!], { industries: ['I'] }) });
    const sees = await mine(worker);
    expect(sees).toContain(manufacturing.id);
    expect(sees).not.toContain(software.id);
    // The rider's platform is a delivery firm (section I): a manufacturing notice passes them by.
    const gzIndustry = await publish(gz, org.guangzhou!, {
      audience: audience([org.guangzhou!], { industries: ['C'] }),
    });
    expect(await mine(rider)).not.toContain(gzIndustry.id);
  });

  it('keeps drafts, scheduled and withdrawn notices from members', async () => {
    const draft = await publish(gz, org.guangzhou!, { publish: false });
    const later = await publish(gz, org.guangzhou!, { publishAt: new Date(Date.now() + 3_600_000).toISOString() });
    const withdrawn = await publish(gz, org.guangzhou!);
    expect(await mine(rider)).toContain(withdrawn.id);
    await api.ok(gz, 'POST', `/notices/${withdrawn.id}/withdraw`, { reason: '内容有误，重新发布' });
    const sees = await mine(rider);
    for (const hidden of [draft, later, withdrawn]) expect(sees).not.toContain(hidden.id);
    expect(later).toMatchObject({ status: 'published', live: false });
    const direct = await api.call(rider, 'GET', `/my/notices/${draft.id}`);
    expect(direct.statusCode).toBe(404);
    // A draft is published when its cadre says so, and reaches its audience then.
    expect(await api.ok(gz, 'POST', `/notices/${draft.id}/publish`)).toMatchObject({ status: 'published', live: true });
    expect(await mine(rider)).toContain(draft.id);
    // A live notice is no longer edited; a scheduled one is.
    const edit = {
      title: '改过的标题',
      body: '<p>改</p>',
      audience: audience([org.guangzhou!]),
      publishAt: new Date(Date.now() + 7_200_000).toISOString(),
    };
    expect((await api.call(gz, 'PUT', `/notices/${draft.id}`, edit)).statusCode).toBe(409);
    expect(await api.ok(gz, 'PUT', `/notices/${later.id}`, edit)).toMatchObject({ live: false });
  });

  it('pins a notice to the top of its members’ lists', async () => {
    const older = await publish(gz, org.guangzhou!, { title: '置顶测试的旧通知' });
    await publish(gz, org.guangzhou!, { title: '较新的通知' });
    await api.ok(gz, 'POST', `/notices/${older.id}/pin`, { pinned: true });
    expect((await mine(rider))[0]).toBe(older.id);
    await api.ok(gz, 'POST', `/notices/${older.id}/pin`, { pinned: false });
    expect((await mine(rider))[0]).not.toBe(older.id);
  });
});

describe('scope', () => {
  it('refuses a publisher or an audience outside the cadre’s subtree, and records the look', async () => {
    const outsidePublisher = await api.call(sz, 'POST', '/notices', {
      organisationId: org.guangzhou,
      title: '越权发布',
      body: '<p>x</p>',
      audience: audience([org.guangzhou!]),
    });
    expect(outsidePublisher.statusCode).toBe(404);
    const outsideAudience = await api.call(sz, 'POST', '/notices', {
      organisationId: org.shenzhen,
      title: '越权范围',
      body: '<p>x</p>',
      audience: audience([org.guangzhou!]),
    });
    expect(outsideAudience.statusCode).toBe(422);
    expect(outsideAudience.json().errors[0].field).toBe('audience.organisationIds');

    const gzNotice = await publish(gz, org.guangzhou!);
    for (const [method, url, body] of [
      ['GET', `/notices/${gzNotice.id}`, undefined],
      ['GET', `/notices/${gzNotice.id}/read-rate`, undefined],
      ['POST', `/notices/${gzNotice.id}/withdraw`, { reason: '越权撤回' }],
      ['POST', `/notices/${gzNotice.id}/pin`, { pinned: true }],
      ['POST', `/notices/${gzNotice.id}/remind`, { organisationIds: [org.tianhe] }],
      ['PUT', `/notices/${gzNotice.id}`, { title: '越权修改', body: '<p>x</p>', audience: audience([org.shenzhen!]) }],
    ] as const)
      expect((await api.call(sz, method, url, body)).statusCode, `${method} ${url}`).toBe(404);
    const refusals = await t.db.execute<{ n: string }>(
      sql`SELECT count(*) AS n FROM audit_log WHERE action = 'access.out_of_scope' AND subject_type = 'notice' AND subject_id = ${String(gzNotice.id)}`,
    );
    expect(Number(refusals.rows[0]!.n)).toBeGreaterThanOrEqual(6);
    // A member reads only what is addressed to them; the cadre endpoints are not theirs.
    expect((await api.call(worker, 'GET', `/my/notices/${gzNotice.id}`)).statusCode).toBe(404);
    expect((await api.call(rider, 'GET', `/notices/${gzNotice.id}`)).statusCode).toBe(403);
    const list = await api.ok(sz, 'GET', '/notices?pageSize=200');
    expect(list.items.map((n: View) => n.id)).not.toContain(gzNotice.id);
  });

  it('keeps only safe rich text', async () => {
    const notice = await publish(gz, org.guangzhou!, {
      body: '<h2>标题</h2><p onclick="x()">正文<script>alert(1)</script><img src="https://tracker.example/p.gif"><a href="javascript:alert(1)">链接</a><a href="https://gz.gov.cn">官网</a></p>',
    });
    const { body } = await api.ok(rider, 'GET', `/my/notices/${notice.id}`);
    expect(body).toBe(
      '<h2>标题</h2><p>正文<a target="_blank" rel="noopener noreferrer">链接</a><a href="https://gz.gov.cn" target="_blank" rel="noopener noreferrer">官网</a></p>',
    );
    const empty = await api.call(gz, 'POST', '/notices', {
      organisationId: org.guangzhou,
      title: '空正文',
      body: '<script>x</script>',
      audience: audience([org.guangzhou!]),
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.json().errors[0].field).toBe('body');
  });

  it('serves a notice’s images to its audience and cadres only', async () => {
    const PNG = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const draft = await publish(gz, org.guangzhou!, { publish: false });
    const uploaded = await api.upload(gz, `/notices/${draft.id}/documents`, {
      name: '活动海报.png',
      type: 'image/png',
      content: PNG,
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const { documentId } = uploaded.json();
    const src = `/api/v1/notices/${draft.id}/documents/${documentId}`;
    await api.ok(gz, 'PUT', `/notices/${draft.id}`, {
      title: '带图片的通知',
      body: `<p>见图</p><img src="${src}" alt="海报">`,
      audience: audience([org.guangzhou!]),
    });
    await api.ok(gz, 'POST', `/notices/${draft.id}/publish`);
    const seen = await api.ok(rider, 'GET', `/my/notices/${draft.id}`);
    expect(seen.body).toContain(`<img src="${src}" alt="海报" />`);
    expect(seen.attachments).toHaveLength(1);
    const image = await api.call(rider, 'GET', `/notices/${draft.id}/documents/${documentId}`);
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(PNG)).toBe(true);
    expect((await api.call(worker, 'GET', `/notices/${draft.id}/documents/${documentId}`)).statusCode).toBe(404);
    expect((await api.call(sz, 'GET', `/notices/${draft.id}/documents/${documentId}`)).statusCode).toBe(404);
  });
});

describe('the inbox', () => {
  it('holds the notices addressed to a member with their messages, unread until read', async () => {
    const notice = await publish(gz, org.guangzhou!, { title: '收件箱里的通知' });
    const before = await api.ok(rider, 'GET', '/messages?pageSize=200');
    const item = before.items.find((m: { noticeId: number | null }) => m.noticeId === notice.id);
    expect(item).toMatchObject({
      id: -notice.id,
      category: 'notice',
      readAt: null,
      params: { title: '收件箱里的通知' },
    });
    const badge = (await api.ok(rider, 'GET', '/messages/unread')).unread;
    expect(before.unreadByCategory.notice).toBeGreaterThan(0);

    expect((await api.ok(rider, 'GET', `/my/notices/${notice.id}`)).readAt).not.toBeNull();
    expect((await api.ok(rider, 'GET', '/messages/unread')).unread).toBe(badge - 1);
    // Reading again counts once.
    await api.ok(rider, 'GET', `/my/notices/${notice.id}`);
    const after = await api.ok(gz, 'GET', `/notices/${notice.id}`);
    expect(after.reads).toBe(1);

    // Marking all read covers notices; another person's inbox is untouched.
    expect((await api.ok(rider, 'POST', '/messages/read', {})).unread).toBe(0);
    const workerInbox = await api.ok(worker, 'GET', '/messages?pageSize=200');
    expect(workerInbox.items.some((m: { noticeId: number | null }) => m.noticeId === notice.id)).toBe(false);
  });
});

describe('read rates and chasing', () => {
  it('shows each cadre the read rate by branch within their own subtree', async () => {
    // Publishing is one row: the audience is counted by the job, unknown until then.
    const uncounted = await api.ok(
      gz,
      'POST',
      '/notices',
      {
        organisationId: org.guangzhou,
        title: '未统计',
        body: '<p>x</p>',
        audience: audience([org.guangzhou!]),
        publish: true,
      },
      201,
    );
    expect(uncounted).toMatchObject({ live: true, audienceSize: null });
    await countLive(t.jobDeps);
    expect((await api.ok(gz, 'GET', `/notices/${uncounted.id}`)).audienceSize).toBeGreaterThan(0);
    const notice = await publish(gz, org.guangzhou!);
    const city = await api.ok(gz, 'GET', `/notices/${notice.id}/read-rate`);
    expect(city.organisation.id).toBe(org.guangzhou);
    const tianheRow = city.rows.find((r: { organisationId: number }) => r.organisationId === org.tianhe);
    expect(tianheRow, JSON.stringify(city)).toMatchObject({ reads: 0, hasChildren: true });
    expect(tianheRow.audience).toBeGreaterThan(0);
    await api.ok(rider, 'GET', `/my/notices/${notice.id}`);
    const down = await api.ok(gz, 'GET', `/notices/${notice.id}/read-rate?organisationId=${org.tianhe}`);
    const total = down.rows.reduce((sum: number, r: { reads: number }) => sum + r.reads, 0);
    expect(total).toBe(1);
    expect(down.reads).toBe(1);

    // A grassroots cadre sees the notice addressed into their union, and only their own part.
    const own = await api.ok(unionCadre, 'GET', `/notices/${notice.id}/read-rate`);
    expect(own.organisation.id).toBe(org.software);
    const above = await api.call(unionCadre, 'GET', `/notices/${notice.id}/read-rate?organisationId=${org.tianhe}`);
    expect(above.statusCode).toBe(404);
    expect((await api.call(sz, 'GET', `/notices/${notice.id}/read-rate`)).statusCode).toBe(404);
  });

  it('reminds the unread of a branch once a day, and only them', async () => {
    const notice = await publish(gz, org.guangzhou!, { title: '请按时报送统计表' });
    await api.ok(rider, 'GET', `/my/notices/${notice.id}`);
    const first = await api.ok(gz, 'POST', `/notices/${notice.id}/remind`, { organisationIds: [org.tianhe] });
    const reminders = await t.db.execute<{ user_id: string }>(
      sql`SELECT user_id FROM messages WHERE kind = 'notice.remind' AND source_id = ${String(notice.id)}`,
    );
    expect(first.reminded).toBe(reminders.rows.length);
    expect(reminders.rows.map((r) => r.user_id)).not.toContain(user.rider); // read it already
    const again = await api.ok(gz, 'POST', `/notices/${notice.id}/remind`, { organisationIds: [org.tianhe] });
    expect(again).toEqual({ reminded: 0, organisations: 0 });
    const rate = await api.ok(gz, 'GET', `/notices/${notice.id}/read-rate`);
    expect(rate.rows.find((r: { organisationId: number }) => r.organisationId === org.tianhe).remindedToday).toBe(
      first.organisations > 0,
    );
    // An auditor looks at read rates but sends nothing.
    const auditor = await login(t.app, 'auditor');
    expect((await api.call(auditor, 'GET', `/notices/${notice.id}/read-rate`)).statusCode).toBe(200);
    expect(
      (await api.call(auditor, 'POST', `/notices/${notice.id}/remind`, { organisationIds: [org.tianhe] })).statusCode,
    ).toBe(403);
    // A branch outside the cadre's subtree is refused.
    const outside = await api.call(unionCadre, 'POST', `/notices/${notice.id}/remind`, {
      organisationIds: [org.riders],
    });
    expect(outside.statusCode).toBe(404);
  });

  it('escalates an unread notice to each branch’s own cadres once, on a working day', async () => {
    // The riders' union gets a chair of its own; branches without one go to the nearest above.
    await t.db
      .insert(roleAssignments)
      .values({ userId: user['union.cadre']!, organisationId: org.riders!, role: 'grassroots_cadre' });
    const notice = await publish(gz, org.guangzhou!, { audience: audience([org.tianhe!]), escalateAfterDays: 2 });
    // Published on Monday 2 November 2026: two working days on is Wednesday the 4th.
    await t.db.execute(sql`UPDATE notices SET publish_at = '2026-11-02T02:00:00Z' WHERE id = ${notice.id}`);
    const escalations = async () =>
      (
        await t.db.execute<{ user_id: string; organisation_id: string }>(
          sql`SELECT user_id, organisation_id FROM messages WHERE kind = 'notice.escalated' AND source_id LIKE ${`${notice.id}:%`}`,
        )
      ).rows;
    expect(await escalateDue(t.jobDeps, new Date('2026-11-03T02:00:00Z'))).toBe(0); // Tuesday: not yet
    expect(await escalations()).toHaveLength(0);
    expect(await escalateDue(t.jobDeps, new Date('2026-11-07T02:00:00Z'))).toBe(0); // Saturday
    expect(await escalations()).toHaveLength(0);
    const sent = await escalateDue(t.jobDeps, new Date('2026-11-09T02:00:00Z')); // Monday
    expect(sent).toBeGreaterThan(0);
    const told = await escalations();
    const toRiders = told.filter((m) => Number(m.organisation_id) === org.riders);
    expect(toRiders.map((m) => m.user_id)).toEqual([user['union.cadre']]);
    // The software company's union has union.cadre too; others without cadres go up to Guangzhou's.
    expect(told.every((m) => [user['union.cadre'], user['gz.cadre']].includes(m.user_id))).toBe(true);
    expect(await escalateDue(t.jobDeps, new Date('2026-11-10T02:00:00Z'))).toBe(0);
    expect(await escalations()).toHaveLength(told.length);
  });
});
