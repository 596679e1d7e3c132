import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../test/helpers';

// Who may do what to which object, as a matrix of role × resource × action, written out by hand
// (like Outline's policy tests) and checked through the real routes against the demo federation.
// The objects are the rider's (Guangzhou › 天河 › riders' union) and 南山电子's congress (Shenzhen).
//   200 — allowed;
//   403 — the role holds the permission nowhere;
//   404 — it holds it, but not where the object is (and the attempt is in the audit log).

type Outcome = 200 | 403 | 404;
type Action =
  | 'member.read'
  | 'member.reveal'
  | 'file.read'
  | 'file.reveal'
  | 'session.read'
  | 'session.manage'
  | 'case.read'
  | 'dashboard.read'
  | 'deliveries.read'
  | 'notice.read'
  | 'notice.manage'
  | 'survey.read'
  | 'survey.manage';

const ACTIONS: readonly Action[] = [
  'member.read',
  'member.reveal',
  'file.read',
  'file.reveal',
  'session.read',
  'session.manage',
  'case.read',
  'dashboard.read',
  'deliveries.read',
  'notice.read',
  'notice.manage',
  'survey.read',
  'survey.manage',
];

/** Account (role @ organisation) → one outcome per action, in the order of ACTIONS. */
const MATRIX: Record<string, readonly Outcome[]> = {
  // federation_admin @ the province: everything under it, PII reveal included.
  admin: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  // federation_cadre @ Guangzhou: Guangzhou's objects, no PII reveal; Shenzhen's congress is elsewhere.
  'gz.cadre': [200, 403, 200, 200, 404, 404, 200, 200, 200, 200, 200, 200, 200],
  // federation_cadre @ Shenzhen: its congress only.
  'sz.cadre': [404, 403, 404, 404, 200, 200, 404, 404, 404, 404, 404, 404, 404],
  // grassroots_cadre @ a software company's union in 天河: none of these are in its union.
  // Guangzhou's notice and survey are addressed into its union: it may look (its own part), not change them.
  'union.cadre': [404, 403, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 404],
  // auditor @ the province: reads files, congresses and figures; no members, no cases, no changes.
  // A case is open to any account its team or a break-glass grant names, whatever the role, so its
  // route admits every signed-in person and answers 404 (audited) to those it does not name.
  auditor: [403, 403, 200, 403, 200, 403, 404, 200, 403, 200, 403, 200, 403],
  // caseworker @ 天河: the cases of 天河, nothing else.
  mediator: [403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403],
  // station keeper: verifies member cards only.
  station: [403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403],
  // members, even the rider whose objects these are and the delegate of the congress: their own
  // things are under /my, never the console's routes.
  // The rider reported the case: he follows it at /rights/my/cases, not here.
  rider: [403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403],
  worker: [403, 403, 403, 403, 403, 403, 404, 403, 403, 403, 403, 403, 403],
};

let t: TestApp;
const sessions = new Map<string, Session>();
const ids = { member: 0, file: 0, session: 0, case: 0, guangzhou: 0, riderUnion: 0, notice: 0, survey: 0 };

const one = async (query: ReturnType<typeof sql>) => Number((await t.db.execute<{ id: string }>(query)).rows[0]!.id);

function request(action: Action): { method: 'GET' | 'POST'; url: string; payload?: Record<string, unknown> } {
  const reason = { reason: '核对信息（权限矩阵测试）' };
  switch (action) {
    case 'member.read':
      return { method: 'GET', url: `/api/v1/members/${ids.member}` };
    case 'member.reveal':
      return { method: 'POST', url: `/api/v1/members/${ids.member}/reveal`, payload: { field: 'mobile', ...reason } };
    case 'file.read':
      return { method: 'GET', url: `/api/v1/assistance/files/${ids.file}` };
    case 'file.reveal':
      return { method: 'POST', url: `/api/v1/assistance/files/${ids.file}/reveal`, payload: reason };
    case 'session.read':
      return { method: 'GET', url: `/api/v1/democracy/sessions/${ids.session}` };
    case 'session.manage':
      return { method: 'POST', url: `/api/v1/democracy/sessions/${ids.session}/check-in-code` };
    case 'case.read':
      return { method: 'GET', url: `/api/v1/rights/cases/${ids.case}` };
    case 'dashboard.read':
      return { method: 'GET', url: `/api/v1/rights/dashboard?organisationId=${ids.guangzhou}` };
    case 'deliveries.read':
      return { method: 'GET', url: `/api/v1/messages/deliveries?organisationId=${ids.riderUnion}` };
    case 'notice.read':
      return { method: 'GET', url: `/api/v1/notices/${ids.notice}/read-rate` };
    case 'notice.manage':
      return { method: 'POST', url: `/api/v1/notices/${ids.notice}/pin`, payload: { pinned: true } };
    case 'survey.read':
      return { method: 'GET', url: `/api/v1/surveys/${ids.survey}/fill` };
    case 'survey.manage':
      return {
        method: 'POST',
        url: `/api/v1/surveys/${ids.survey}/remind`,
        payload: { organisationIds: [ids.riderUnion] },
      };
  }
}

const outOfScopeRows = async () =>
  Number(
    (await t.db.execute<{ n: string }>(sql`SELECT count(*) AS n FROM audit_log WHERE action = 'access.out_of_scope'`))
      .rows[0]!.n,
  );

beforeAll(async () => {
  t = await createTestApp();
  for (const username of Object.keys(MATRIX)) sessions.set(username, await login(t.app, username));
  ids.member = await one(sql`SELECT m.id FROM members m JOIN users u ON u.id = m.user_id WHERE u.username = 'rider'`);
  ids.file = await one(sql`SELECT id FROM hardship_files WHERE member_id = ${ids.member}`);
  ids.session = await one(sql`SELECT id FROM congress_sessions ORDER BY id LIMIT 1`);
  ids.case = await one(sql`SELECT id FROM rights_cases WHERE kind = 'wage_arrears' ORDER BY id LIMIT 1`);
  ids.guangzhou = await one(sql`SELECT id FROM organisations WHERE name = '广州市总工会'`);
  ids.notice = await one(sql`SELECT id FROM notices WHERE organisation_id = ${ids.guangzhou}`);
  ids.survey = await one(sql`SELECT id FROM surveys WHERE organisation_id = ${ids.guangzhou} AND status = 'open'`);
  ids.riderUnion = await one(sql`SELECT organisation_id AS id FROM members WHERE id = ${ids.member}`);
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('policy: role × resource × action', () => {
  for (const [username, outcomes] of Object.entries(MATRIX)) {
    it(`${username}: ${ACTIONS.map((a, i) => `${a}=${outcomes[i]}`).join(' ')}`, async () => {
      const got: Outcome[] = [];
      for (const action of ACTIONS) {
        const before = await outOfScopeRows();
        const { method, url, payload } = request(action);
        const response = await t.app.inject({
          method,
          url,
          headers: sessions.get(username)!.headers,
          ...(payload ? { payload } : {}),
        });
        const status = response.statusCode === 201 ? 200 : response.statusCode;
        got.push(status as Outcome);
        // A refusal in another subtree is recorded; one for want of the permission is not an access.
        expect(await outOfScopeRows(), `${username} ${action}`).toBe(before + (status === 404 ? 1 : 0));
      }
      expect(Object.fromEntries(ACTIONS.map((a, i) => [a, got[i]]))).toEqual(
        Object.fromEntries(ACTIONS.map((a, i) => [a, outcomes[i]])),
      );
    });
  }
});

describe('policy: a list filtered by an organisation outside scope', () => {
  // Every list that takes an organisation (`organisationId`, or `parentId` for the tree) as a filter,
  // from the OpenAPI document: the Guangzhou cadre asking for Shenzhen's is refused like any object
  // outside scope, 404 and audited — never an empty list that confirms nothing and records nothing.
  const PUBLIC = new Set(['/api/v1/assistance/notices']); // the public notice board of any federation
  const NOT_HELD = new Set(['/api/v1/audit']); // the audit trail: not a Guangzhou cadre's permission

  it('answers 404 and records the attempt on every such route', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }>;
    };
    const shenzhen = await one(sql`SELECT id FROM organisations WHERE name = '深圳市总工会'`);
    const routes = Object.entries(document.paths).flatMap(([route, item]) => {
      const name = item.get?.parameters?.find(
        (p) => p.in === 'query' && (p.name === 'organisationId' || p.name === 'parentId'),
      )?.name;
      return name ? [{ route, name }] : [];
    });
    expect(routes.length).toBeGreaterThan(10);
    const got: Record<string, number> = {};
    for (const { route, name } of routes) {
      const before = await outOfScopeRows();
      // A route under one object: Guangzhou's notice or survey, looked at under Shenzhen.
      const path = route.replace('{id}', String(route.startsWith('/api/v1/surveys/') ? ids.survey : ids.notice));
      const response = await t.app.inject({
        method: 'GET',
        url: `${path}?${name}=${shenzhen}`,
        headers: sessions.get('gz.cadre')!.headers,
      });
      got[route] = response.statusCode;
      if (response.statusCode === 404) expect(await outOfScopeRows(), route).toBe(before + 1);
    }
    expect(got).toEqual(
      Object.fromEntries(routes.map(({ route }) => [route, PUBLIC.has(route) ? 200 : NOT_HELD.has(route) ? 403 : 404])),
    );
  });
});
