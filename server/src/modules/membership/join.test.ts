import { randomUUID } from 'node:crypto';
import { verifyMemberCard } from '@gonghui/contract';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, login, type Session, sessionFrom, type TestApp } from '../../../test/helpers';
import { addWorkingDays } from '../../platform/working-days';
import { makeIdNumber } from './membership.seed';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

/** A new worker signs up by SMS, as the join page does. */
async function signUp(mobile: string): Promise<Session> {
  const request = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sms/request',
    payload: { mobile, signUp: true },
  });
  expect(request.statusCode).toBe(202);
  const code = t.sms.findLast((s) => s.mobile === mobile)!.code;
  return sessionFrom(
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/login', payload: { mobile, code, signUp: true } }),
  );
}

function apply(
  session: Session,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  remoteAddress = '127.0.0.1',
) {
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/membership/applications',
    headers: { ...session.headers, ...headers },
    payload: { clientKey: randomUUID(), ...body },
    remoteAddress,
  });
}

const gigWorker = (idNumber: string, mobile: string) => ({
  name: '马骏',
  idNumber,
  mobile,
  employmentForm: 'gig',
  jobType: 'courier',
  platform: '顺丰同城',
  residenceRegionCode: '440106',
  monthlyWageFen: 650_000,
});

describe('joining online', () => {
  it('routes a gig worker without an employer union to the city holding union, with a reply due date, once per form', async () => {
    const worker = await signUp('13700001111');
    const body = { ...gigWorker(makeIdNumber('440106', '19980101', 31), '13700001111'), clientKey: randomUUID() };
    const first = await apply(worker, body);
    expect(first.statusCode).toBe(201);
    const application = first.json();
    expect(application).toMatchObject({
      status: 'submitted',
      routedBy: 'holding_union',
      organisationName: '广州市新就业形态劳动者入会周转库',
    });
    expect(application.idNumberMasked).toMatch(/^4401\*+\d{2}[\dX]$|\*/);
    const submittedOn = application.submittedAt.slice(0, 10);
    expect(application.dueOn >= addWorkingDays(submittedOn, 14)).toBe(true);

    const again = await apply(worker, body);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(application.id);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me/membership/applications',
      headers: worker.headers,
    });
    expect(mine.json().items).toHaveLength(1);
  });

  it('sends a worker whose employer has a union to that union, and tells a cadre elsewhere nothing', async () => {
    const worker = await signUp('13700002222');
    const cadre = await login(t.app, 'gz.cadre');
    const employers = await t.app.inject({
      method: 'GET',
      url: '/api/v1/membership/employers?q=天河软件园',
      headers: worker.headers,
    });
    const employerId = employers.json().items[0].id;
    const response = await apply(worker, {
      name: '林晓',
      idNumber: makeIdNumber('440106', '19920505', 42),
      mobile: '13700002222',
      employmentForm: 'standard',
      employerId,
      residenceRegionCode: '440106',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ routedBy: 'employer', organisationName: '天河软件园科技有限公司工会' });
    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/v1/membership/applications?status=submitted',
      headers: cadre.headers,
    });
    expect(queue.json().items.map((a: { id: string }) => a.id)).toContain(response.json().id);

    const shenzhen = await login(t.app, 'sz.cadre');
    const refused = await t.app.inject({
      method: 'GET',
      url: `/api/v1/membership/applications/${response.json().id}`,
      headers: shenzhen.headers,
    });
    expect(refused.statusCode).toBe(404);
    const approve = await t.app.inject({
      method: 'POST',
      url: '/api/v1/membership/applications/approve',
      headers: shenzhen.headers,
      payload: { ids: [response.json().id] },
    });
    expect(approve.json()).toMatchObject({ approved: [], failed: [{ code: 'not_found' }] });
  });

  it('explains bad input field by field in the asker’s language', async () => {
    const worker = await signUp('13700003333');
    const idNumber = makeIdNumber('440106', '19900101', 12);
    const wrongCheck = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');
    const response = await apply(
      worker,
      { ...gigWorker(wrongCheck, '12345'), jobType: undefined },
      { 'accept-language': 'en' },
    );
    expect(response.statusCode).toBe(400);
    const errors = response.json().errors as { field: string; message: string }[];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'idNumber', message: 'The check digit of this ID number is wrong' }),
        expect.objectContaining({ field: 'mobile' }),
        expect.objectContaining({ field: 'jobType', message: 'Required' }),
      ]),
    );
  });

  it('approves into a member with a number and a card that verifies offline, until revoked', async () => {
    const worker = await signUp('13700004444');
    const submitted = await apply(worker, gigWorker(makeIdNumber('440106', '19960606', 55), '13700004444'));
    const cadre = await login(t.app, 'gz.cadre');
    const approve = await t.app.inject({
      method: 'POST',
      url: '/api/v1/membership/applications/approve',
      headers: cadre.headers,
      payload: { ids: [submitted.json().id] },
    });
    expect(approve.statusCode).toBe(200);
    const [approved] = approve.json().approved;
    expect(approved.memberNumber).toMatch(/^440100\d{10}$/);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: worker.headers });
    expect(me.json().roles).toEqual([
      expect.objectContaining({ role: 'member', organisationName: '广州市新就业形态劳动者入会周转库' }),
    ]);
    const card = await t.app.inject({ method: 'GET', url: '/api/v1/me/membership/card', headers: worker.headers });
    expect(card.statusCode).toBe(200);
    expect(card.json()).toMatchObject({ memberNumber: approved.memberNumber, name: '马骏', status: 'active' });
    const key = (await t.app.inject({ method: 'GET', url: '/api/v1/membership/card-key' })).json();
    const verified = await verifyMemberCard(card.json().token, key.publicKey);
    expect(verified).toMatchObject({ ok: true, claims: { mn: approved.memberNumber } });
    const token = card.json().token as string;
    // a character in the middle of the signature (the last one carries padding bits)
    const at = token.length - 10;
    const tampered = token.slice(0, at) + (token[at] === 'A' ? 'B' : 'A') + token.slice(at + 1);
    expect(await verifyMemberCard(tampered, key.publicKey)).toMatchObject({ ok: false });

    const members = await t.app.inject({
      method: 'GET',
      url: `/api/v1/members?q=${approved.memberNumber}`,
      headers: cadre.headers,
    });
    const memberId = members.json().items[0].id;
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/api/v1/members/${memberId}/cards/revoke`,
      headers: cadre.headers,
      payload: { reason: '手机丢失' },
    });
    expect(revoke.statusCode).toBe(200);
    const revokedList = (await t.app.inject({ method: 'GET', url: '/api/v1/membership/card-key' })).json().revoked;
    expect(await verifyMemberCard(card.json().token, key.publicKey, { revoked: new Set(revokedList) })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const station = await login(t.app, 'station');
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/membership/cards/verify',
      headers: station.headers,
      payload: { token: card.json().token },
    });
    expect(check.json()).toMatchObject({ valid: false, reason: 'revoked' });
    const checked = await t.db.execute(
      sql`SELECT organisation_id FROM audit_log WHERE action = 'card.verify' ORDER BY id DESC LIMIT 1`,
    );
    expect(checked.rows[0]).toEqual({ organisation_id: expect.any(Number) });
    const fresh = await t.app.inject({ method: 'GET', url: '/api/v1/me/membership/card', headers: worker.headers });
    const recheck = await t.app.inject({
      method: 'POST',
      url: '/api/v1/membership/cards/verify',
      headers: station.headers,
      payload: { token: fresh.json().token },
    });
    expect(recheck.json()).toMatchObject({ valid: true, memberNumber: approved.memberNumber });
  });

  it('keeps the card token encrypted and signs anew only when the claims on the card change', async () => {
    const rider = await login(t.app, 'rider');
    const getCard = async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/me/membership/card', headers: rider.headers });
      expect(response.statusCode).toBe(200);
      return response.json() as { cardId: string; token: string; name: string };
    };
    const key = (await t.app.inject({ method: 'GET', url: '/api/v1/membership/card-key' })).json();
    const signCard = vi.spyOn(t.cipher, 'signCard');
    try {
      const first = await getCard();
      const signedFirst = signCard.mock.calls.length;
      expect(await getCard()).toEqual(first);
      expect(signCard.mock.calls.length).toBe(signedFirst); // shown again, not signed again
      const kept = await t.db.execute<{ token_enc: Buffer }>(
        sql`SELECT token_enc FROM member_cards WHERE id = ${first.cardId}`,
      );
      const stored = kept.rows[0]!.token_enc;
      expect(stored.includes(Buffer.from(first.token.split('.')[2]!))).toBe(false);
      expect(t.cipher.decrypt(stored).endsWith(`\n${first.token}`)).toBe(true);

      // a corrected name is a new claim: the same card, a newly signed token, kept in turn
      await t.db.execute(sql`UPDATE members SET name = '李大伟' WHERE id = (
        SELECT m.id FROM members m JOIN users u ON u.id = m.user_id WHERE u.username = 'rider')`);
      const renamed = await getCard();
      expect(renamed.cardId).toBe(first.cardId);
      expect(renamed.token).not.toBe(first.token);
      expect(signCard.mock.calls.length).toBe(signedFirst + 1);
      expect(await verifyMemberCard(renamed.token, key.publicKey)).toMatchObject({ ok: true, claims: { n: '李大伟' } });
      expect(await getCard()).toEqual(renamed);
      expect(signCard.mock.calls.length).toBe(signedFirst + 1);
    } finally {
      signCard.mockRestore();
    }
  });

  it('answers cards asked for at the same moment from one query, each to its own member', async () => {
    const people = ['rider', 'worker', 'rep.sun', 'rep.zheng'];
    const sessions = await Promise.all(people.map((username) => login(t.app, username)));
    const cardOf = (session: Session) =>
      t.app.inject({ method: 'GET', url: '/api/v1/me/membership/card', headers: session.headers });
    const alone = [];
    for (const session of sessions) alone.push((await cardOf(session)).json());
    const query = vi.spyOn(t.db.$client, 'query');
    try {
      const together = (await Promise.all([...sessions, ...sessions].map(cardOf))).map((r) => r.json());
      expect(together).toEqual([...alone, ...alone]);
      const lookups = query.mock.calls.filter(
        ([config]) => (config as { name?: string }).name === 'gonghui-card-holders',
      );
      expect(lookups.length).toBeLessThan(together.length);
    } finally {
      query.mockRestore();
    }
    expect(new Set(alone.map((card) => card.memberNumber)).size).toBe(people.length);
  });

  it('holds one person to one membership and one mobile to one member', async () => {
    const worker = await signUp('13700005555');
    const riderIdNumber = makeIdNumber('440106', '19950315', 421); // the demo rider's
    const again = await apply(worker, gigWorker(riderIdNumber, '13700005555'));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'membership.already_member' });
    expect(again.json().title).toContain('请联系所在工会');
    // Whoever types a number learns that it is registered, never where.
    expect(again.body).not.toMatch(/天河|美团|骑手工会/);

    const taken = await apply(worker, gigWorker(makeIdNumber('440106', '19970707', 77), '13800138000'));
    expect(taken.statusCode).toBe(422);
    expect(taken.json().errors).toEqual([
      expect.objectContaining({ field: 'mobile', code: 'problem.membership.mobile_taken' }),
    ]);
  });

  it('counts join forms per account and per address, before anyone is looked up', async () => {
    const riderIdNumber = makeIdNumber('440106', '19950315', 421); // registered: each try answers 409
    const prober = await signUp('13700007001');
    for (let i = 0; i < 5; i++) {
      expect((await apply(prober, gigWorker(riderIdNumber, '13700007001'), {}, '198.51.100.1')).statusCode).toBe(409);
    }
    const sixth = await apply(
      prober,
      gigWorker(makeIdNumber('440106', '19980101', 12), '13700007001'),
      {},
      '198.51.100.2',
    );
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ code: 'rate_limited', title: '请求过于频繁，请稍后再试' });
    // Fresh accounts from one address: 30 forms an hour between them, then none.
    const address = '203.0.113.9';
    let sent = 0;
    for (let account = 0; account < 6; account++) {
      const session = await signUp(`137000071${account}0`);
      for (let i = 0; i < 5; i++, sent++) {
        expect((await apply(session, gigWorker(riderIdNumber, `137000071${account}0`), {}, address)).statusCode).toBe(
          409,
        );
      }
    }
    expect(sent).toBe(30);
    const late = await signUp('13700007190');
    expect((await apply(late, gigWorker(riderIdNumber, '13700007190'), {}, address)).statusCode).toBe(429);
    // Another address is not held up by this one.
    expect((await apply(late, gigWorker(riderIdNumber, '13700007190'), {}, '203.0.113.10')).statusCode).toBe(409);
  });

  it('lets a rejected worker apply again, and a union route an application elsewhere', async () => {
    const worker = await signUp('13700006666');
    const cadre = await login(t.app, 'gz.cadre');
    const body = gigWorker(makeIdNumber('440106', '19990909', 91), '13700006666');
    const first = (await apply(worker, body)).json();
    const reject = await t.app.inject({
      method: 'POST',
      url: `/api/v1/membership/applications/${first.id}/reject`,
      headers: cadre.headers,
      payload: { reason: '请补充工作证明' },
    });
    expect(reject.json()).toMatchObject({ status: 'rejected', decisionReason: '请补充工作证明' });
    const second = await apply(worker, body);
    expect(second.statusCode).toBe(201);
    const unions = await t.app.inject({
      method: 'GET',
      url: '/api/v1/membership/unions?q=快递员',
      headers: worker.headers,
    });
    const target = unions.json().items[0];
    const routed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/membership/applications/${second.json().id}/route`,
      headers: cadre.headers,
      payload: { organisationId: target.id, reason: '属快递行业' },
    });
    expect(routed.json()).toMatchObject({ organisationId: target.id, routedBy: 'cadre', status: 'submitted' });
  });

  it('joins a union directly from its QR invite', async () => {
    const cadre = await login(t.app, 'union.cadre');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: cadre.headers })).json();
    const organisationId = me.roles[0].organisationId;
    const invite = await t.app.inject({
      method: 'GET',
      url: `/api/v1/membership/invite?organisationId=${organisationId}`,
      headers: cadre.headers,
    });
    expect(invite.statusCode).toBe(200);
    const code = invite.json().code as string;
    const lookUp = await t.app.inject({ method: 'GET', url: `/api/v1/membership/invites/${code}` });
    expect(lookUp.json()).toMatchObject({ organisationId });
    const forged = await t.app.inject({
      method: 'GET',
      // The signature after the first dash is base64url and may itself contain dashes.
      url: `/api/v1/membership/invites/${organisationId + 1}-${code.slice(code.indexOf('-') + 1)}`,
    });
    expect(forged.statusCode).toBe(404);
    const worker = await signUp('13700007777');
    const response = await apply(worker, {
      ...gigWorker(makeIdNumber('440106', '20000202', 23), '13700007777'),
      invite: code,
    });
    expect(response.json()).toMatchObject({ routedBy: 'invite', organisationId });
  });

  it('creates one application when the same form arrives twice at once', async () => {
    const worker = await signUp('13700008888');
    const body = { ...gigWorker(makeIdNumber('440106', '19930303', 33), '13700008888'), clientKey: randomUUID() };
    const responses = await Promise.all([apply(worker, body), apply(worker, body), apply(worker, body)]);
    expect(new Set(responses.map((r) => r.json().id)).size).toBe(1);
    expect(responses.every((r) => r.statusCode === 201)).toBe(true);
  });
});
