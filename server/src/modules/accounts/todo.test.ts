import { randomUUID } from 'node:crypto';
import { TODO_KIND_LIST, todoKindsFor } from '@gonghui/contract';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, sessionFrom, type TestApp } from '../../../test/helpers';
import { organisations } from '../../platform/organisations.tables';
import { MODULES } from '..';
import { makeIdNumber } from '../membership/membership.seed';
import { rightsCases } from '../rights/rights.tables';
import { users } from './accounts.tables';

let t: TestApp;
const sessions = new Map<string, Session>();
const as = (username: string) => sessions.get(username)!;
const ACCOUNTS = ['admin', 'gz.cadre', 'sz.cadre', 'union.cadre', 'auditor', 'mediator', 'station', 'rider', 'worker'];

beforeAll(async () => {
  t = await createTestApp();
  for (const username of ACCOUNTS) sessions.set(username, await login(t.app, username));
});
afterAll(() => t.close());

function call(session: Session, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });
}

async function todo(username: string): Promise<Record<string, number>> {
  const response = await call(as(username), 'GET', '/me/todo');
  expect(response.statusCode, response.body).toBe(200);
  return Object.fromEntries(response.json().items.map((i: { kind: string; count: number }) => [i.kind, i.count]));
}

describe('the console’s to-do list', () => {
  it('is counted by exactly one module for every kind', () => {
    const counted = MODULES.flatMap((m) => m.todo?.kinds ?? []);
    expect([...counted].sort()).toEqual([...TODO_KIND_LIST].sort());
  });

  it('lists every kind the person’s permissions make theirs, and nothing for members or the station keeper', async () => {
    for (const username of ACCOUNTS) {
      const me = (await call(as(username), 'GET', '/me')).json() as { permissions: string[] };
      expect(Object.keys(await todo(username)), username).toEqual(todoKindsFor(me.permissions));
    }
    expect(await todo('worker')).toEqual({});
    expect(await todo('station')).toEqual({});
    expect(Object.keys(await todo('mediator'))).toContain('casesNearDeadline');
    expect(Object.keys(await todo('gz.cadre'))).toEqual(expect.arrayContaining(['joinApplications', 'votesToOpen']));
  });

  it('counts a join application for the cadres above its union, not for another city', async () => {
    const before = { gz: await todo('gz.cadre'), sz: await todo('sz.cadre') };
    const mobile = '13700002222';
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/request', payload: { mobile, signUp: true } });
    const code = t.sms.findLast((s) => s.mobile === mobile)!.code;
    const applicant = sessionFrom(
      await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/login', payload: { mobile, code, signUp: true } }),
    );
    const applied = await call(applicant, 'POST', '/membership/applications', {
      clientKey: randomUUID(),
      name: '马骏',
      idNumber: makeIdNumber('440106', '19980101', 31),
      mobile,
      employmentForm: 'gig',
      jobType: 'courier',
      platform: '顺丰同城',
      residenceRegionCode: '440106',
      monthlyWageFen: 650_000,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    expect((await todo('gz.cadre')).joinApplications).toBe(before.gz.joinApplications! + 1);
    expect((await todo('sz.cadre')).joinApplications).toBe(before.sz.joinApplications);
  });

  it('counts cases to dispatch, the handler’s cases past their warning date, and overdue cases, each in scope', async () => {
    const before = { gz: await todo('gz.cadre'), sz: await todo('sz.cadre'), mediator: await todo('mediator') };
    const filed = await call(as('rider'), 'POST', '/rights/my/cases', {
      category: 'help',
      title: '站点拖欠配送费',
      description: '站点连续两个月少发配送费，请工会帮忙协调。',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const { id } = filed.json() as { id: number };
    expect((await todo('gz.cadre')).casesToDispatch).toBe(before.gz.casesToDispatch! + 1);
    expect((await todo('sz.cadre')).casesToDispatch).toBe(before.sz.casesToDispatch);

    const [mediator] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'mediator'));
    const [desk] = await t.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.name, '天河区快递外卖行业工会联合会'));
    const dispatched = await call(as('gz.cadre'), 'POST', `/rights/cases/${id}/actions`, {
      action: 'dispatch',
      version: 1,
      organisationId: desk!.id,
      handlerUserId: mediator!.id,
      note: '请协调',
    });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect((await todo('gz.cadre')).casesToDispatch).toBe(before.gz.casesToDispatch);
    // Its warning date passes, then its due date.
    await t.db.update(rightsCases).set({ warnOn: '2000-01-01' }).where(eq(rightsCases.id, id));
    expect((await todo('mediator')).casesNearDeadline).toBe(before.mediator.casesNearDeadline! + 1);
    await t.db.update(rightsCases).set({ overdue: true }).where(eq(rightsCases.id, id));
    expect((await todo('gz.cadre')).casesOverdue).toBe(before.gz.casesOverdue! + 1);
    expect((await todo('sz.cadre')).casesOverdue).toBe(before.sz.casesOverdue);
  });
});
