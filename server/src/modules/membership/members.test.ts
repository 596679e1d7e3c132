import { CODE_LABELS, MEMBER_LABELS } from '@gonghui/contract';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp, testConfig } from '../../../test/helpers';
import { createLogSmsProvider } from '../../platform/sms';
import { createLogWechatProvider } from '../../platform/wechat';
import { lapseJob } from './membership.jobs';
import { buildMember, makeIdNumber } from './membership.seed';
import * as statsRepo from './statistics.repository';

let t: TestApp;
let gz: Session;
let sz: Session;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  [gz, sz, admin] = await Promise.all([login(t.app, 'gz.cadre'), login(t.app, 'sz.cadre'), login(t.app, 'admin')]);
});
afterAll(() => t.close());

const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers });
const post = (session: Session, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: session.headers, payload: payload as Record<string, unknown> });

async function unionId(name: string) {
  const response = await get(admin, `/api/v1/organisations?q=${encodeURIComponent(name)}`);
  return response.json().items[0].id as number;
}

describe('finding members', () => {
  it('finds by fuzzy Chinese name, pinyin initials, ID number, mobile and member number, within scope only', async () => {
    const organisationId = await unionId('天河软件园科技有限公司工会');
    const idNumber = makeIdNumber('440106', '19910412', 601);
    const member = await buildMember(t.db, t.cipher, {
      organisationId,
      name: '欧阳晓明',
      idNumber,
      mobile: '13612345678',
    });
    const ids = async (session: Session, q: string) => {
      const response = await get(session, `/api/v1/members?q=${encodeURIComponent(q)}`);
      expect(response.statusCode, `${q}: ${response.body}`).toBe(200);
      return response.json().items.map((m: { id: number }) => m.id);
    };
    for (const q of [
      '欧阳晓明',
      '晓明',
      '欧阳',
      'oyxm',
      'ouyangxiaoming',
      'xiaoming',
      idNumber,
      idNumber.toLowerCase(),
      '13612345678',
      member.memberNumber,
    ]) {
      expect(await ids(gz, q), q).toContain(member.id);
    }
    expect(await ids(gz, '欧明')).not.toContain(member.id);
    expect(await ids(sz, '欧阳晓明')).toEqual([]);
    const exact = (await get(gz, `/api/v1/members?q=${idNumber}`)).json();
    expect(exact).toMatchObject({ total: 1, totalIsLowerBound: false });
    for (const q of [idNumber, '13612345678', member.memberNumber]) {
      expect((await get(sz, `/api/v1/members?q=${q}`)).json(), q).toMatchObject({ items: [], total: 0 });
    }
    // with a filter beside the identifier
    const withStatus = async (status: string) =>
      (await get(gz, `/api/v1/members?q=${idNumber}&status=${status}`)).json().items.map((m: { id: number }) => m.id);
    expect(await withStatus('active')).toEqual([member.id]);
    expect(await withStatus('retained')).toEqual([]);
    const item = exact.items[0];
    expect(item.idNumberMasked).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(14)}`);
    expect(item.idNumberMasked).not.toContain(idNumber.slice(6, 14));
    expect(item.mobileMasked).toBe('136****5678');
  });

  it('filters by status and employment form and pages on the server', async () => {
    const page = (await get(gz, '/api/v1/members?employmentForm=gig&status=active&pageSize=5')).json();
    expect(page.items).toHaveLength(5);
    expect(page.total).toBeGreaterThan(5);
    expect(
      page.items.every(
        (m: { employmentForm: string; status: string }) => m.employmentForm === 'gig' && m.status === 'active',
      ),
    ).toBe(true);
  });

  it('refuses a member outside the subtree as if missing, and records the attempt', async () => {
    const shenzhenMember = (await get(sz, '/api/v1/members?pageSize=1')).json().items[0];
    const refused = await get(gz, `/api/v1/members/${shenzhenMember.id}`);
    expect(refused.statusCode).toBe(404);
    const reveal = await post(gz, `/api/v1/members/${shenzhenMember.id}/reveal`, {
      field: 'idNumber',
      reason: '核对身份',
    });
    expect([403, 404]).toContain(reveal.statusCode);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/members/${shenzhenMember.id}`,
      headers: gz.headers,
      payload: { platform: 'x' },
    });
    expect(patched.statusCode).toBe(404);
    const attempts = await t.db.execute(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.out_of_scope' AND subject_type = 'member' AND subject_id = ${String(shenzhenMember.id)}`,
    );
    expect(attempts.rows[0]).toMatchObject({ n: 2 });
  });
});

describe('status history and the lapse rule', () => {
  it('records each change as a dated fact and stops the card when a member leaves', async () => {
    const organisationId = await unionId('天河软件园科技有限公司工会');
    const member = await buildMember(t.db, t.cipher, {
      organisationId,
      name: '退休者',
      idNumber: makeIdNumber('440106', '19620101', 611),
    });
    const retained = await post(gz, `/api/v1/members/${member.id}/status`, {
      status: 'retained',
      effectiveOn: '2026-07-01',
      reason: '退休保留会籍',
    });
    expect(retained.json()).toMatchObject({ status: 'retained', statusSince: '2026-07-01' });
    const exited = await post(gz, `/api/v1/members/${member.id}/status`, {
      status: 'exited',
      effectiveOn: '2026-08-01',
      reason: '本人申请退会',
    });
    expect(exited.json().history.map((h: { status: string }) => h.status)).toEqual(['exited', 'retained', 'active']);
    const again = await post(gz, `/api/v1/members/${member.id}/status`, {
      status: 'active',
      effectiveOn: '2026-09-01',
      reason: '误操作',
    });
    expect(again.statusCode).toBe(409);
  });

  it('previews exactly whom the lapse rule would lapse, then lapses them with a reason', async () => {
    const organisationId = await unionId('珠江新城酒店管理有限公司工会');
    const idle = await buildMember(t.db, t.cipher, {
      organisationId,
      name: '久未缴费',
      idNumber: makeIdNumber('440106', '19850101', 621),
      joinedOn: '2020-01-01',
    });
    const active = await buildMember(t.db, t.cipher, {
      organisationId,
      name: '常参加',
      idNumber: makeIdNumber('440106', '19850102', 623),
      joinedOn: '2020-01-01',
      lastParticipationOn: '2026-10-10',
    });
    const preview = (await post(gz, '/api/v1/membership/lapse/preview', { organisationId, asOf: '2026-11-20' })).json();
    expect(preview.sinceMonth).toBe('2026-05');
    expect(preview.count).toBeGreaterThan(0);
    expect(preview.sample.map((m: { id: number }) => m.id)).not.toContain(active.id);
    expect((await get(gz, `/api/v1/members/${idle.id}`)).json().status).toBe('active');
    const run = (await post(gz, '/api/v1/membership/lapse/run', { organisationId, asOf: '2026-11-20' })).json();
    expect(run.lapsed).toBe(preview.count);
    const detail = (await get(gz, `/api/v1/members/${idle.id}`)).json();
    expect(detail).toMatchObject({
      status: 'lapsed',
      history: [{ status: 'lapsed', reason: 'lapse:6', actorName: '李晓华' }, { status: 'active' }],
    });
    expect((await get(gz, `/api/v1/members/${active.id}`)).json().status).toBe('active');
  });
});

describe('transfers', () => {
  it('follows the job: requested, released by the source, accepted by the target, member since kept', async () => {
    const from = await unionId('天河软件园科技有限公司工会');
    const to = await unionId('南山电子科技股份有限公司工会');
    const member = await buildMember(t.db, t.cipher, {
      organisationId: from,
      name: '调动者',
      idNumber: makeIdNumber('440106', '19770517', 913),
      joinedOn: '2018-04-01',
    });
    const requested = await post(gz, '/api/v1/membership/transfers', {
      memberId: member.id,
      toOrganisationId: to,
      reason: '调往深圳工作',
    });
    expect(requested.statusCode).toBe(201);
    const transfer = requested.json();
    expect((await get(gz, `/api/v1/members/${member.id}`)).json().status).toBe('transferring');
    expect((await post(sz, `/api/v1/membership/transfers/${transfer.id}/accept`, {})).json()).toMatchObject({
      code: 'membership.transfer_state',
    });
    expect((await post(sz, `/api/v1/membership/transfers/${transfer.id}/release`, {})).statusCode).toBe(404);
    expect((await post(gz, `/api/v1/membership/transfers/${transfer.id}/release`, {})).json().status).toBe('released');
    const accepted = await post(sz, `/api/v1/membership/transfers/${transfer.id}/accept`, {});
    expect(accepted.json().status).toBe('completed');
    const moved = (await get(sz, `/api/v1/members/${member.id}`)).json();
    expect(moved).toMatchObject({ organisationId: to, status: 'active', joinedOn: '2018-04-01' });
    expect((await get(gz, `/api/v1/members/${member.id}`)).statusCode).toBe(404);
  });

  it('refuses a transfer asked by the target side for a member it cannot see, changing nothing', async () => {
    const member = await buildMember(t.db, t.cipher, {
      organisationId: await unionId('天河软件园科技有限公司工会'),
      name: '被拉走者',
      idNumber: makeIdNumber('440104', '19830922', 477),
    });
    const refused = await post(sz, '/api/v1/membership/transfers', {
      memberId: member.id,
      toOrganisationId: await unionId('福田金融服务有限公司工会'),
      reason: '调往深圳',
    });
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('被拉走者');
    expect((await get(gz, `/api/v1/members/${member.id}`)).json().status).toBe('active');
    const attempts = await t.db.execute(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.out_of_scope' AND subject_type = 'member' AND subject_id = ${String(member.id)}`,
    );
    expect(attempts.rows[0]).toMatchObject({ n: 1 });
  });

  it('lets the member ask for a transfer themself and refuses a second open one', async () => {
    const worker = await login(t.app, 'worker');
    const target = (await get(worker, `/api/v1/membership/unions?q=${encodeURIComponent('福田金融')}`)).json().items[0];
    const first = await post(worker, '/api/v1/me/membership/transfers', {
      toOrganisationId: target.id,
      reason: '换工作',
    });
    expect(first.statusCode).toBe(201);
    const second = await post(worker, '/api/v1/me/membership/transfers', {
      toOrganisationId: target.id,
      reason: '换工作',
    });
    expect(second.statusCode).toBe(409);
    const cancelled = await post(worker, `/api/v1/me/membership/transfers/${first.json().id}/cancel`, {});
    expect(cancelled.json().status).toBe('cancelled');
  });
});

describe('my data', () => {
  it('shows the member everything held, who in the union looked at it, and takes correction requests', async () => {
    const worker = await login(t.app, 'worker');
    const mine = (await get(worker, '/api/v1/me/membership/data')).json();
    const memberId = mine.member.id;
    await get(sz, `/api/v1/members/${memberId}`);
    await post(sz, `/api/v1/members/${memberId}/reveal`, { field: 'mobile', reason: '电话回访' }).catch(
      () => undefined,
    );
    const after = (await get(worker, '/api/v1/me/membership/data')).json();
    expect(after.accessLog[0]).toMatchObject({ action: 'member.view', actorName: '王志强' });
    expect(after.mobileMasked).toBe('138****8010');

    const correction = await post(worker, '/api/v1/me/membership/corrections', {
      field: 'employer',
      message: '我已调到研发部',
    });
    expect(correction.statusCode).toBe(201);
    const queue = (await get(sz, '/api/v1/membership/corrections?status=open')).json();
    expect(queue.items.map((c: { id: number }) => c.id)).toContain(correction.json().id);
    expect((await get(gz, '/api/v1/membership/corrections?status=open')).json().items).toEqual([]);
    const handled = await post(sz, `/api/v1/membership/corrections/${correction.json().id}`, {
      status: 'done',
      reply: '已更正',
    });
    expect(handled.json()).toMatchObject({ status: 'done', reply: '已更正' });

    const json = await get(worker, '/api/v1/me/membership/data/export?format=json');
    expect(json.headers['content-type']).toContain('application/json');
    expect(json.json()).toMatchObject({ mobile: '13800138010', member: { name: '吴芳' } });
    const xlsx = await get(worker, '/api/v1/me/membership/data/export?format=xlsx');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('my data from every module', () => {
  it('holds the cases a person filed and their part in congresses, never a secret choice, and only theirs', async () => {
    const delegate = await login(t.app, 'rep.sun');
    const sessions = (await get(delegate, '/api/v1/democracy/my/sessions')).json();
    const sessionId = sessions.items[0].session.id;
    const proposal = await post(delegate, `/api/v1/democracy/sessions/${sessionId}/proposals`, {
      title: '关于增设母婴室的提案',
      body: '建议在各车间增设母婴室。',
    });
    expect(proposal.statusCode, proposal.body).toBe(201);
    const filed = await post(delegate, '/api/v1/rights/my/cases', {
      category: 'consultation',
      title: '年休假天数怎么算',
      description: '想了解工龄与年休假天数的关系。',
    });
    expect(filed.statusCode, filed.body).toBe(201);

    const mine = (await get(delegate, '/api/v1/me/membership/data')).json();
    expect(mine.rights.cases).toEqual([
      expect.objectContaining({ id: filed.json().id, title: '年休假天数怎么算', closedAt: null }),
    ]);
    expect(mine.democracy.delegations).toContainEqual(expect.objectContaining({ sessionId }));
    expect(mine.democracy.proposals).toContainEqual(
      expect.objectContaining({ id: proposal.json().id, title: '关于增设母婴室的提案', role: 'proposer' }),
    );
    for (const vote of mine.democracy.votes) {
      expect(Object.keys(vote).sort()).toEqual(['status', 'title', 'viaProxy', 'voteId', 'voted', 'weight']);
    }
    // The export carries the same parts.
    const exported = (await get(delegate, '/api/v1/me/membership/data/export?format=json')).json();
    expect(exported.rights.cases[0].title).toBe('年休假天数怎么算');
    expect(exported.democracy.proposals.map((p: { title: string }) => p.title)).toContain('关于增设母婴室的提案');
    // The workbook says every coded value in the reader's language: no code of any set reaches it.
    const codes = new Set(
      [...Object.values(CODE_LABELS['zh-CN']), ...Object.values(MEMBER_LABELS['zh-CN'])].flatMap((set) =>
        Object.keys(set),
      ),
    );
    for (const [language, words] of [
      ['zh-CN', ['提案人', '咨询', '已受理']],
      ['en', ['Proposer', 'Consultation', 'Accepted']],
    ] as const) {
      const file = await t.app.inject({
        method: 'GET',
        url: '/api/v1/me/membership/data/export?format=xlsx',
        headers: { ...delegate.headers, 'accept-language': language },
      });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
      const cells: string[] = [];
      workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
      expect(
        cells.filter((cell) => codes.has(cell)),
        language,
      ).toEqual([]);
      for (const word of words) expect(cells, language).toContain(word);
    }
    // Another person's My Data holds none of it.
    const other = (await get(await login(t.app, 'worker'), '/api/v1/me/membership/data')).json();
    expect(JSON.stringify(other)).not.toMatch(/年休假天数怎么算|关于增设母婴室的提案/);
  });
});

describe('statistics', () => {
  it('answers any subtree from the tallies, equal to a full recount, and refuses outside scope', async () => {
    const stats = (await get(admin, '/api/v1/membership/statistics')).json();
    expect(stats.onRoll).toBeGreaterThan(100);
    expect(stats.byGender.reduce((n: number, g: { count: number }) => n + g.count, 0)).toBe(stats.onRoll);
    expect(stats.newMembersByMonth).toHaveLength(12);
    expect(stats.gigOnRoll).toBeGreaterThan(0);
    expect(stats.employerCoverage).toBeGreaterThan(0);
    expect(await statsRepo.diffTalliesFromRecount(t.db)).toEqual([]);
    const shenzhen = (await get(sz, '/api/v1/membership/statistics')).json();
    expect(shenzhen.onRoll).toBeLessThan(stats.onRoll);
    const guangzhouId = (await get(gz, '/api/v1/membership/statistics')).json().organisationId;
    expect((await get(sz, `/api/v1/membership/statistics?organisationId=${guangzhouId}`)).statusCode).toBe(404);
    const auditor = await login(t.app, 'auditor');
    expect((await get(auditor, '/api/v1/membership/statistics')).statusCode).toBe(200);
    expect((await get(auditor, '/api/v1/members')).statusCode).toBe(403);
  });
});

// Last: it lapses members across the whole demo tree.
describe('the nightly lapse job', () => {
  it('runs nightly over the whole tree without an actor', async () => {
    const lines: string[] = [];
    await lapseJob.run(
      {
        db: t.db,
        cipher: t.cipher,
        config: testConfig(),
        rolePermissions: new Map(),
        sms: createLogSmsProvider(() => {}),
        wechat: createLogWechatProvider(() => {}),
      },
      (line) => lines.push(line),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^membership lapse rule: \d+ member\(s\) lapsed under 广东省总工会$/),
    ]);
    const audit = await t.db.execute(
      sql`SELECT actor_user_id FROM audit_log WHERE action = 'member.lapse_run' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit.rows[0]).toEqual({ actor_user_id: null });
  });
});
