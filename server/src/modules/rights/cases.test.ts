import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp, testConfig } from '../../../test/helpers';
import { rolePermissionsOf } from '../../app';
import { auditLog } from '../../platform/audit.tables';
import { organisations } from '../../platform/organisations.tables';
import { MODULES } from '..';
import { users } from '../accounts/accounts.tables';
import { rightsCases } from './rights.tables';
import { sweepDeadlines } from './sweep';

// The demo federation: the rider is a member of 天河区美团外卖骑手工会 under 天河区总工会 (the desk his
// cases go to); gz.cadre dispatches for Guangzhou; the mediator is a caseworker of Tianhe district;
// sz.cadre (Shenzhen) and union.cadre (a grassroots union of Tianhe) are out of scope.
let t: TestApp;
let rider: Session;
let worker: Session;
let gz: Session;
let sz: Session;
let admin: Session;
let mediator: Session;
let unionCadre: Session;
let auditor: Session;
const org = new Map<string, number>();
const idOf = (name: string) => {
  const id = org.get(name);
  if (id === undefined) throw new Error(`no organisation ${name}`);
  return id;
};
let mediatorId: string;

beforeAll(async () => {
  t = await createTestApp();
  [rider, worker, gz, sz, admin, mediator, unionCadre, auditor] = (await Promise.all(
    ['rider', 'worker', 'gz.cadre', 'sz.cadre', 'admin', 'mediator', 'union.cadre', 'auditor'].map((u) =>
      login(t.app, u),
    ),
  )) as Session[] as [Session, Session, Session, Session, Session, Session, Session, Session];
  for (const row of await t.db.select({ id: organisations.id, name: organisations.name }).from(organisations)) {
    org.set(row.name, row.id);
  }
  mediatorId = (await t.db.select().from(users).where(eq(users.username, 'mediator')))[0]!.id;
});
afterAll(() => t.close());

function call(session: Session | null, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session?.headers ?? {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function fileTicket(session: Session, body: Record<string, unknown> = {}) {
  const response = await call(session, 'POST', '/rights/my/cases', {
    category: 'help',
    title: '站点拖欠配送费',
    description: '站点连续两个月少发配送费，请工会帮忙协调。',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: number; version: number; dueOn: string; organisationName: string };
}

const act = (session: Session, id: number, body: Record<string, unknown>) =>
  call(session, 'POST', `/rights/cases/${id}/actions`, body);
const version = async (id: number) =>
  (await t.db.select({ v: rightsCases.version }).from(rightsCases).where(eq(rightsCases.id, id)))[0]!.v;

describe('a demand ticket from asking to rating', () => {
  it('goes to the federation above the member’s union, with a due date in working days', async () => {
    const ticket = await fileTicket(rider);
    expect(ticket.organisationName).toBe('天河区总工会');
    const [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row).toMatchObject({ stage: 'accepted', kind: 'ticket', deadlineClass: 'general', confidential: false });
    // five working days later: never a weekend
    expect([0, 6]).not.toContain(new Date(`${row!.dueOn}T00:00:00Z`).getUTCDay());
    expect(row!.dueOn > row!.acceptedOn).toBe(true);
    const mine = await call(rider, 'GET', '/rights/my/cases');
    expect(mine.json().items.map((c: { id: number }) => c.id)).toContain(ticket.id);
  });

  it('is dispatched down the tree, handled, answered, closed and rated', async () => {
    const ticket = await fileTicket(rider);
    const dispatched = await act(gz, ticket.id, {
      action: 'dispatch',
      version: 1,
      organisationId: idOf('天河区快递外卖行业工会联合会'),
      handlerUserId: mediatorId,
      note: '请行业工会联合会协调站点',
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(dispatched.json()).toMatchObject({ stage: 'dispatched', organisationName: '天河区快递外卖行业工会联合会' });

    const inbox = await call(mediator, 'GET', '/rights/cases?box=mine');
    expect(inbox.json().items.map((c: { id: number }) => c.id)).toContain(ticket.id);
    const told = await call(mediator, 'GET', '/messages?category=case');
    expect(told.json().items).toContainEqual(
      expect.objectContaining({
        kind: 'case.assigned',
        params: { caseId: ticket.id },
        link: `/admin/cases/${ticket.id}`,
      }),
    );

    const taken = await act(mediator, ticket.id, { action: 'take', version: 2 });
    expect(taken.json()).toMatchObject({ stage: 'handling', actions: expect.arrayContaining(['close', 'reply']) });
    const replied = await act(mediator, ticket.id, { action: 'reply', version: 3, note: '已联系站点负责人，本周答复' });
    expect(replied.statusCode).toBe(200);
    const riderSees = await call(rider, 'GET', `/rights/my/cases/${ticket.id}`);
    expect(riderSees.json().events.map((e: { note: string | null }) => e.note)).toContain('已联系站点负责人，本周答复');
    // internal notes stay internal, and the reporter sees the union, not the person
    expect(riderSees.json().events.map((e: { note: string | null }) => e.note)).not.toContain(
      '请行业工会联合会协调站点',
    );
    expect(riderSees.json().events.every((e: { actorName: string | null }) => e.actorName === null)).toBe(true);
    const riderTold = await call(rider, 'GET', '/messages?category=case');
    expect(riderTold.json().items).toContainEqual(
      expect.objectContaining({ kind: 'case.reply', params: { caseId: ticket.id }, link: `/app/help/${ticket.id}` }),
    );

    const noResolution = await act(mediator, ticket.id, { action: 'close', version: 4 });
    expect(noResolution.statusCode).toBe(422);
    expect(noResolution.json().errors).toEqual([expect.objectContaining({ field: 'resolution' })]);
    expect(await version(ticket.id)).toBe(4);

    const closed = await act(mediator, ticket.id, { action: 'close', version: 4, resolution: '站点已补发配送费' });
    expect(closed.json()).toMatchObject({ stage: 'closed', closedOnTime: true, resolution: '站点已补发配送费' });

    const early = await call(rider, 'POST', `/rights/my/cases/${ticket.id}/actions`, { action: 'rate', version: 4 });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('rights.case_changed');
    const rated = await call(rider, 'POST', `/rights/my/cases/${ticket.id}/actions`, {
      action: 'rate',
      version: 5,
      rating: 5,
      note: '很满意',
    });
    expect(rated.json()).toMatchObject({ stage: 'rated', rating: 5, actions: [] });
  });

  it('refuses a transition the case type does not allow, and a missing field, changing nothing', async () => {
    const ticket = await fileTicket(rider);
    const closeEarly = await act(gz, ticket.id, { action: 'close', version: 1, resolution: 'x' });
    expect(closeEarly.statusCode).toBe(409);
    expect(closeEarly.json()).toMatchObject({
      code: 'rights.transition_not_allowed',
      title: '案件当前状态不允许此操作',
    });
    const noTarget = await act(gz, ticket.id, { action: 'dispatch', version: 1 });
    expect(noTarget.statusCode).toBe(422);
    expect(noTarget.json().errors).toEqual([expect.objectContaining({ field: 'organisationId' })]);
    const upward = await act(gz, ticket.id, { action: 'dispatch', version: 1, organisationId: idOf('广州市总工会') });
    expect(upward.statusCode).toBe(422);
    const wrongField = await act(gz, ticket.id, { action: 'record', version: 1, details: { recoveredFen: 100 } });
    expect(wrongField.statusCode).toBe(422);
    expect(wrongField.json().errors).toEqual([expect.objectContaining({ field: 'details.recoveredFen' })]);
    const [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row).toMatchObject({ stage: 'accepted', version: 1, organisationId: idOf('天河区总工会') });
  });

  it('lets one of two handlers acting at once win; the other is told the case changed', async () => {
    const ticket = await fileTicket(rider);
    const target = idOf('天河区快递外卖行业工会联合会');
    const results = await Promise.all([
      act(gz, ticket.id, { action: 'dispatch', version: 1, organisationId: target }),
      act(admin, ticket.id, { action: 'dispatch', version: 1, organisationId: target, handlerUserId: mediatorId }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('rights.case_changed');
    expect(await version(ticket.id)).toBe(2);
  });

  it('is refused outside the subtree, and the attempt is audited', async () => {
    const ticket = await fileTicket(rider);
    for (const session of [sz, unionCadre, worker]) {
      expect((await call(session, 'GET', `/rights/cases/${ticket.id}`)).statusCode).toBe(404);
      expect((await act(session, ticket.id, { action: 'dispatch', version: 1, organisationId: 1 })).statusCode).toBe(
        404,
      );
    }
    expect((await call(worker, 'GET', `/rights/my/cases/${ticket.id}`)).statusCode).toBe(404);
    const list = await call(sz, 'GET', '/rights/cases');
    expect(list.json().items.map((c: { id: number }) => c.id)).not.toContain(ticket.id);
    const refusals = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'access.out_of_scope'), eq(auditLog.subjectId, String(ticket.id))));
    expect(refusals.length).toBeGreaterThanOrEqual(3);
  });
});

describe('cases a cadre registers', () => {
  it('records a call or a referral in from arbitration at an organisation in scope, and nowhere else', async () => {
    const registered = await call(gz, 'POST', '/rights/cases', {
      category: 'mediation',
      title: '仲裁委转来的工资争议',
      description: '劳动人事争议仲裁委员会委托调解的工资争议。',
      organisationId: idOf('天河区总工会'),
      details: {
        requestedOn: '2026-11-20',
        employer: { name: '天河区某餐饮有限公司' },
        referredIn: { from: 'arbitration', reference: '穗天劳人仲案字〔2026〕1234号' },
      },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    expect(registered.json()).toMatchObject({
      stage: 'accepted',
      kind: 'mediation',
      reporterName: null,
      receivedOrganisationName: '天河区总工会',
      details: { referredIn: { from: 'arbitration' } },
      actions: expect.arrayContaining(['dispatch']),
    });
    const elsewhere = await call(sz, 'POST', '/rights/cases', {
      category: 'help',
      title: '来电求助',
      description: '来电反映的求助事项。',
      organisationId: idOf('天河区总工会'),
    });
    expect(elsewhere.statusCode).toBe(404);
    const byMember = await call(rider, 'POST', '/rights/cases', {
      category: 'help',
      title: '来电求助',
      description: '来电反映的求助事项。',
      organisationId: idOf('天河区总工会'),
    });
    expect(byMember.statusCode).toBe(403);
  });
});

describe('anonymous reports', () => {
  it('keep nothing that identifies the reporter, and the follow-up code is the only key', async () => {
    const logLines: string[] = [];
    const logged = await createTestApp({ logLines });
    try {
      const response = await logged.app.inject({
        method: 'POST',
        url: '/api/v1/rights/anonymous',
        remoteAddress: '203.0.113.77',
        headers: { 'user-agent': 'AnonPhone/1.0' },
        payload: {
          category: 'complaint',
          title: '车间强制加班',
          description: '车间每天强制加班四小时，不给加班费。',
          organisationId: (
            await logged.db.select().from(organisations).where(eq(organisations.name, '广州市总工会'))
          )[0]!.id,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const { followUpCode, case: filed } = response.json();
      expect(followUpCode).toMatch(/^44-[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
      const [row] = await logged.db.select().from(rightsCases).where(eq(rightsCases.id, filed.id));
      expect(row).toMatchObject({ anonymous: true, confidential: true, reporterUserId: null });
      expect(row!.followUpHash).not.toContain(followUpCode);
      // Nothing anywhere holds the address, the device or the code.
      const dump = await logged.db.execute(sql`SELECT row_to_json(c)::text AS j FROM rights_cases c
        UNION ALL SELECT row_to_json(e)::text FROM rights_case_events e
        UNION ALL SELECT row_to_json(a)::text FROM audit_log a WHERE a.subject_type = 'rights_case'`);
      const text = dump.rows.map((r) => String(r.j)).join('\n');
      for (const trace of ['203.0.113.77', 'AnonPhone', followUpCode]) expect(text).not.toContain(trace);
      const audits = await logged.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.subjectId, String(filed.id)));
      expect(audits).toEqual([expect.objectContaining({ actorUserId: null, ip: null, requestId: null })]);
      expect(logLines.join('\n')).not.toContain('203.0.113.77');

      const found = await logged.app.inject({ method: 'GET', url: `/api/v1/rights/anonymous/${followUpCode}` });
      expect(found.json()).toMatchObject({ id: filed.id, stage: 'accepted', title: '车间强制加班' });
      const lower = await logged.app.inject({
        method: 'GET',
        url: `/api/v1/rights/anonymous/${followUpCode.toLowerCase()}`,
      });
      expect(lower.statusCode).toBe(200);
      const wrong = await logged.app.inject({ method: 'GET', url: '/api/v1/rights/anonymous/44-AAAA-BBBB-CCCC-DDDD' });
      expect(wrong.statusCode).toBe(404);
      expect(wrong.json()).toMatchObject({
        code: 'rights.follow_up_not_found',
        title: '查询码不存在，请核对后重新输入',
      });
      const malformed = await logged.app.inject({ method: 'GET', url: '/api/v1/rights/anonymous/nonsense' });
      expect(malformed.statusCode).toBe(400);
    } finally {
      await logged.close();
    }
  });

  it('are seen only by the desk, then the assigned team; others need break-glass, which auditors hear of', async () => {
    const filed = await call(null, 'POST', '/rights/anonymous', {
      category: 'complaint',
      title: '主管辱骂员工',
      description: '主管经常当众辱骂员工，请工会介入。',
      organisationId: idOf('广州市总工会'),
    });
    const { followUpCode, case: c } = filed.json();
    expect((await call(gz, 'GET', `/rights/cases/${c.id}`)).statusCode).toBe(200); // the desk
    // the provincial administrator is above, but a confidential case is not open to the subtree
    expect((await call(admin, 'GET', `/rights/cases/${c.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', '/rights/cases')).json().items.map((i: { id: number }) => i.id)).not.toContain(
      c.id,
    );

    const noHandler = await act(gz, c.id, { action: 'dispatch', version: 1, organisationId: idOf('天河区总工会') });
    expect(noHandler.statusCode).toBe(422);
    expect(noHandler.json().errors).toEqual([expect.objectContaining({ field: 'handlerUserId' })]);
    const dispatched = await act(gz, c.id, {
      action: 'dispatch',
      version: 1,
      organisationId: idOf('天河区总工会'),
      handlerUserId: mediatorId,
    });
    expect(dispatched.statusCode).toBe(200);
    expect((await call(mediator, 'GET', `/rights/cases/${c.id}`)).statusCode).toBe(200);

    const shortReason = await call(admin, 'POST', `/rights/cases/${c.id}/break-glass`, { reason: '查看' });
    expect(shortReason.statusCode).toBe(400);
    const glass = await call(admin, 'POST', `/rights/cases/${c.id}/break-glass`, {
      reason: '省总督办：该投诉涉及多家企业，需要核对处理情况',
    });
    expect(glass.statusCode, glass.body).toBe(200);
    const seen = await call(admin, 'GET', `/rights/cases/${c.id}`);
    expect(seen.json()).toMatchObject({ id: c.id, actions: [], breakGlassUntil: expect.any(String) });
    expect(
      (await call(admin, 'POST', `/rights/cases/${c.id}/break-glass`, { reason: '再次调阅以便核对案件' })).statusCode,
    ).toBe(409);
    const auditorTold = await call(auditor, 'GET', '/messages?category=case');
    expect(auditorTold.json().items).toContainEqual(
      // The case by number only: no title of a confidential case in anyone's inbox.
      expect.objectContaining({ kind: 'case.break_glass', params: { caseId: c.id } }),
    );
    const trail = await t.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.subjectId, String(c.id)));
    expect(trail.map((a) => a.action)).toEqual(expect.arrayContaining(['case.break_glass', 'case.read_break_glass']));
    // out of the subtree, break-glass is refused too
    expect(
      (await call(sz, 'POST', `/rights/cases/${c.id}/break-glass`, { reason: '深圳市总工会需要调阅该案件' }))
        .statusCode,
    ).toBe(404);

    // the reporter follows up with the code only
    const reply = await call(null, 'POST', `/rights/anonymous/${followUpCode}/actions`, {
      action: 'reply',
      version: 2,
      note: '补充：每周一次',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    const mediatorTold = await call(mediator, 'GET', '/messages?category=case');
    expect(mediatorTold.json().items).toContainEqual(
      expect.objectContaining({ kind: 'case.reply', params: { caseId: c.id }, link: `/admin/cases/${c.id}` }),
    );
  });
});

describe('legal aid, mediation and wage arrears', () => {
  it('legal aid is confidential, checks eligibility and needs a lawyer and an outcome to close', async () => {
    const filed = await fileTicket(rider, {
      category: 'legal_aid',
      title: '工伤认定法律援助',
      description: '送餐途中受伤，平台不认可劳动关系，申请法律援助。',
      details: {
        eligibility: { isWorker: true, labourRelated: true, financialHardship: true, notOtherwiseRepresented: true },
      },
    });
    // Its team starts as the nearest staffed desk (天河区总工会 has no dispatcher: 广州市总工会's);
    // the province above and the grassroots union below do not see it.
    expect((await call(gz, 'GET', `/rights/cases/${filed.id}`)).statusCode).toBe(200);
    for (const outsider of [admin, unionCadre, mediator, sz]) {
      expect((await call(outsider, 'GET', `/rights/cases/${filed.id}`)).statusCode).toBe(404);
    }
    const dispatched = await act(gz, filed.id, {
      action: 'dispatch',
      version: 1,
      organisationId: idOf('天河区总工会'),
      handlerUserId: mediatorId,
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await act(mediator, filed.id, { action: 'take', version: 2 })).statusCode).toBe(200);
    const view = await call(mediator, 'GET', `/rights/cases/${filed.id}`);
    expect(view.json()).toMatchObject({ kind: 'legal_aid', confidential: true, legalAidEligible: true });
    const close = await act(mediator, filed.id, { action: 'close', version: 3, resolution: '已代理仲裁' });
    expect(close.statusCode).toBe(422);
    expect(
      close
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['details.lawyer', 'details.legalOutcome']);
    const closed = await act(mediator, filed.id, {
      action: 'close',
      version: 3,
      resolution: '仲裁确认劳动关系',
      details: { lawyer: { name: '刘律师', firm: '天河区工会法律服务站' }, legalOutcome: 'won' },
    });
    expect(closed.json()).toMatchObject({ stage: 'closed', details: { legalOutcome: 'won' } });
  });

  it('mediation shows its 15-day clock and the limitation date, and an agreement becomes a document', async () => {
    const filed = await fileTicket(rider, {
      category: 'mediation',
      title: '解除劳动合同经济补偿争议',
      description: '公司单方解除劳动合同，未支付经济补偿。',
      details: {
        requestedOn: '2026-11-02',
        knownOn: '2026-10-20',
        employer: { name: '广州同城即时配送服务有限公司' },
        claims: [{ item: '经济补偿', amountFen: 1_200_000 }],
        facts: { employmentStart: '2023-03-01', disputedPoints: '解除理由是否成立' },
      },
    });
    await act(gz, filed.id, {
      action: 'dispatch',
      version: 1,
      organisationId: idOf('天河区总工会'),
      handlerUserId: mediatorId,
    });
    await act(mediator, filed.id, { action: 'take', version: 2 });
    const view = (await call(mediator, 'GET', `/rights/cases/${filed.id}`)).json();
    expect(view).toMatchObject({
      mediationDeadline: '2026-11-17',
      limitation: { kind: 'date', deadline: '2027-10-20', basis: 'known' },
    });
    const noTerms = await act(mediator, filed.id, {
      action: 'close',
      version: 3,
      resolution: '调解成功',
      details: { mediationOutcome: 'agreement' },
    });
    expect(noTerms.json().errors).toEqual([expect.objectContaining({ field: 'details.agreementTerms' })]);
    const referred = await act(mediator, filed.id, {
      action: 'record',
      version: 3,
      details: { mediationOutcome: 'agreement', agreementTerms: '公司于2026年12月1日前一次性支付经济补偿12000元。' },
    });
    expect(referred.statusCode).toBe(200);
    const document = await call(mediator, 'GET', `/rights/cases/${filed.id}/agreement.docx`);
    expect(document.statusCode).toBe(200);
    expect(document.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await call(sz, 'GET', `/rights/cases/${filed.id}/agreement.docx`)).statusCode).toBe(404);
  });

  it('wage arrears track amounts and flag an employer reported again', async () => {
    const employer = { name: '天河区某某劳务派遣有限公司' };
    for (const workersAffected of [12, 30]) {
      await fileTicket(rider, {
        category: 'wage_arrears',
        title: '劳务公司拖欠工资',
        description: '劳务公司拖欠九月、十月工资。',
        details: {
          employer,
          months: ['2026-09', '2026-10'],
          workersAffected,
          amountOwedFen: 36_000_000,
          wagesDuringEmployment: true,
        },
      });
    }
    const flags = await call(gz, 'GET', '/rights/employer-flags');
    expect(flags.json().items).toContainEqual(
      expect.objectContaining({ employerName: employer.name, reports: 2, workersAffected: 42 }),
    );
    const list = await call(gz, 'GET', '/rights/cases?kind=wage_arrears');
    const view = (await call(gz, 'GET', `/rights/cases/${list.json().items[0].id}`)).json();
    expect(view).toMatchObject({ employerFlagged: true, limitation: { kind: 'running_from_employment_end' } });
    expect((await call(sz, 'GET', '/rights/employer-flags')).json().items).toEqual([]);
  });
});

describe('attachments', () => {
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  );
  const upload = (session: Session | null, url: string, name: string, content: Buffer) => {
    const boundary = 'gonghui-test-boundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...(session?.headers ?? {}), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload,
    });
  };

  it('checks the type by content, stores a hash, and downloads only through an audited request', async () => {
    const ticket = await fileTicket(rider);
    const fake = await upload(
      rider,
      `/rights/my/cases/${ticket.id}/attachments`,
      '工资条.pdf',
      Buffer.from('not a pdf'),
    );
    expect(fake.statusCode).toBe(415);
    expect(fake.json().code).toBe('rights.attachment_type');
    const stored = await upload(rider, `/rights/my/cases/${ticket.id}/attachments`, '工资条.png', PNG);
    expect(stored.statusCode, stored.body).toBe(200);
    const [attachment] = stored.json().attachments;
    expect(attachment).toMatchObject({
      mediaType: 'image/png',
      size: PNG.length,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const download = await call(gz, 'GET', `/rights/cases/${ticket.id}/attachments/${attachment.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(download.rawPayload, PNG)).toBe(0);
    expect((await call(sz, 'GET', `/rights/cases/${ticket.id}/attachments/${attachment.id}`)).statusCode).toBe(404);
    expect((await call(null, 'GET', `/rights/cases/${ticket.id}/attachments/${attachment.id}`)).statusCode).toBe(401);
    const downloads = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'case.attachment_download'), eq(auditLog.subjectId, String(ticket.id))));
    expect(downloads).toHaveLength(1);
  });

  it('refuses a file over 20 MB', async () => {
    const ticket = await fileTicket(rider);
    const big = Buffer.concat([PNG, Buffer.alloc(20 * 1024 * 1024)]);
    const response = await upload(rider, `/rights/my/cases/${ticket.id}/attachments`, 'big.png', big);
    expect(response.statusCode).toBe(413);
  });
});

describe('deadlines and escalation', () => {
  const deps = () => ({ db: t.db, config: testConfig(), rolePermissions: rolePermissionsOf(MODULES) });

  it('warns the handler before the due date and escalates an overdue case to the parent, once a day', async () => {
    const ticket = await fileTicket(rider);
    await act(gz, ticket.id, {
      action: 'dispatch',
      version: 1,
      organisationId: idOf('天河区快递外卖行业工会联合会'),
      handlerUserId: mediatorId,
    });
    await t.db
      .update(rightsCases)
      .set({ warnOn: '2026-01-05', nextEscalationOn: '2026-01-07', dueOn: '2026-01-06' })
      .where(eq(rightsCases.id, ticket.id));
    const first = await sweepDeadlines(deps(), new Date('2026-01-05T02:00:00Z'));
    expect(first.warned).toBeGreaterThanOrEqual(1);
    let [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row).toMatchObject({ overdue: false, escalationLevel: 0 });

    await sweepDeadlines(deps(), new Date('2026-01-07T02:00:00Z'));
    [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row).toMatchObject({ overdue: true, escalationLevel: 1, escalatedToId: idOf('天河区总工会') });
    await sweepDeadlines(deps(), new Date('2026-01-07T03:00:00Z'));
    [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row!.escalationLevel).toBe(1);
    expect(row!.nextEscalationOn! > '2026-01-07').toBe(true);

    // still open some working days later: up again, to the city, whose dispatchers are told
    await sweepDeadlines(deps(), new Date(`${row!.nextEscalationOn}T02:00:00Z`));
    [row] = await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id));
    expect(row).toMatchObject({ escalationLevel: 2, escalatedToId: idOf('广州市总工会') });
    const kinds = await t.db.execute<{ kind: string }>(
      sql`SELECT kind FROM messages WHERE source_type = 'rights_case' AND source_id = ${String(ticket.id)}`,
    );
    expect(kinds.rows.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['case.assigned', 'case.due_soon', 'case.escalated']),
    );
    const escalated = await call(gz, 'GET', '/rights/cases?box=escalated');
    expect(escalated.json().items.map((c: { id: number }) => c.id)).toContain(ticket.id);
    const overdue = await call(gz, 'GET', '/rights/cases?box=overdue');
    expect(overdue.json().items.map((c: { id: number }) => c.id)).toContain(ticket.id);

    const late = await act(mediator, ticket.id, { action: 'take', version: 2 });
    const closed = await act(mediator, ticket.id, {
      action: 'close',
      version: late.json().version,
      resolution: '已处理',
    });
    expect(closed.json()).toMatchObject({ stage: 'closed', closedOnTime: false });
  });
});

describe('the deadline check run by hand', () => {
  it('sweeps only the cases of the cadre’s own subtree', async () => {
    const ticket = await fileTicket(rider);
    await t.db
      .update(rightsCases)
      .set({ warnOn: '2026-01-05', dueOn: '2026-01-06', nextEscalationOn: '2026-01-07' })
      .where(eq(rightsCases.id, ticket.id));
    const level = async () =>
      (await t.db.select().from(rightsCases).where(eq(rightsCases.id, ticket.id)))[0]!.escalationLevel;
    expect((await call(sz, 'POST', '/rights/sweep')).statusCode).toBe(200);
    expect(await level()).toBe(0);
    const swept = await call(gz, 'POST', '/rights/sweep');
    expect(swept.json().escalated).toBeGreaterThanOrEqual(1);
    expect(await level()).toBe(1);
    expect((await call(mediator, 'POST', '/rights/sweep')).statusCode).toBe(403);
  });
});

describe('the dashboard', () => {
  it('counts from tallies that match a recount, shows small counts as "<5", and stays in scope', async () => {
    const drift = await t.db.execute(sql`SELECT count(*)::int AS n FROM (
      (SELECT * FROM rights_tallies EXCEPT SELECT * FROM rights_tallies_recounted())
      UNION ALL (SELECT * FROM rights_tallies_recounted() EXCEPT SELECT * FROM rights_tallies)) d`);
    expect(drift.rows[0]!.n).toBe(0);
    const board = await call(gz, 'GET', `/rights/dashboard?organisationId=${idOf('广州市总工会')}`);
    expect(board.statusCode, board.body).toBe(200);
    const body = board.json();
    expect(typeof body.totals.opened).toBe('number');
    expect(body.totals.opened).toBeGreaterThanOrEqual(5);
    expect(body.byCategory.find((c: { category: string }) => c.category === 'legal_aid')).toMatchObject({
      opened: '<5',
    });
    expect(
      body.byCategory.find((c: { category: string }) => c.category === 'legal_aid').closedOnTimePercent,
    ).toBeNull();
    expect((await call(sz, 'GET', `/rights/dashboard?organisationId=${idOf('广州市总工会')}`)).statusCode).toBe(404);
    expect((await call(auditor, 'GET', `/rights/dashboard?organisationId=${idOf('广州市总工会')}`)).statusCode).toBe(
      200,
    );
    expect((await call(rider, 'GET', `/rights/dashboard?organisationId=${idOf('广州市总工会')}`)).statusCode).toBe(403);
  });
});
