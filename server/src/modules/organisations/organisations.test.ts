import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { makeUscc } from './organisations.seed';

let t: TestApp;
let admin: Session;
let gz: Session;
let sz: Session;
let grassroots: Session;
const ids = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp();
  const rows = await t.db.execute<{ id: number; name: string }>(sql`SELECT id, name FROM organisations`);
  for (const row of rows.rows) ids.set(row.name, Number(row.id));
  [admin, gz, sz, grassroots] = await Promise.all([
    login(t.app, 'admin'),
    login(t.app, 'gz.cadre'),
    login(t.app, 'sz.cadre'),
    login(t.app, 'union.cadre'),
  ]);
});
afterAll(() => t.close());

const id = (name: string) => {
  const found = ids.get(name);
  if (!found) throw new Error(`no organisation ${name}`);
  return found;
};
const get = (session: Session, url: string, language = 'zh-CN') =>
  t.app.inject({ method: 'GET', url, headers: { ...session.headers, 'accept-language': language } });
const send = (session: Session, method: 'POST' | 'PATCH', url: string, payload: object, language = 'zh-CN') =>
  t.app.inject({ method, url, payload, headers: { ...session.headers, 'accept-language': language } });
const auditCount = async (action: string) =>
  Number(
    (await t.db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`)).rows[0]
      ?.n,
  );

describe('browsing the tree within scope', () => {
  it('lists a cadre’s own scope root, then its children', async () => {
    const roots = (await get(gz, '/api/v1/organisations')).json();
    expect(roots.items.map((o: { name: string }) => o.name)).toEqual(['广州市总工会']);
    expect(roots.items[0].childCount).toBe(3);
    const children = (await get(gz, `/api/v1/organisations?parentId=${id('广州市总工会')}`)).json();
    expect(children.items.map((o: { name: string }) => o.name).sort()).toEqual(
      ['天河区总工会', '越秀区总工会', '广州市新就业形态劳动者入会周转库'].sort(),
    );
  });

  it('searches names only inside the scope', async () => {
    const found = (await get(sz, `/api/v1/organisations?q=${encodeURIComponent('工会')}&pageSize=200`)).json();
    expect(found.total).toBeGreaterThan(5);
    for (const org of found.items) expect(org.pathIds).toContain(id('深圳市总工会'));
  });

  it('answers 404 for an organisation outside the subtree, like a missing one, and audits the attempt', async () => {
    const before = await auditCount('access.out_of_scope');
    const outside = await get(gz, `/api/v1/organisations/${id('南山区总工会')}`);
    const missing = await get(gz, '/api/v1/organisations/999999');
    expect(outside.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(outside.json().title).toBe(missing.json().title);
    expect(await auditCount('access.out_of_scope')).toBe(before + 1);
    expect((await get(gz, `/api/v1/organisations?parentId=${id('深圳市总工会')}`)).statusCode).toBe(404);
  });

  it('shows ancestors only as far up as the scope reaches', async () => {
    const detail = (await get(gz, `/api/v1/organisations/${id('石牌街道总工会')}`)).json();
    expect(detail.ancestors.map((a: { name: string }) => a.name)).toEqual(['广州市总工会', '天河区总工会']);
    expect(detail.employerCount).toBe(4);
  });

  it('refuses tree changes to a grassroots cadre', async () => {
    const response = await send(grassroots, 'POST', '/api/v1/organisations', {
      parentId: id('天河软件园科技有限公司工会'),
      name: '研发部分会',
      type: 'branch',
      level: 'branch',
      regionCode: '440106',
    });
    expect(response.statusCode).toBe(403);
  });
});

describe('editing the tree', () => {
  it('creates, renames and audits with the changed fields', async () => {
    const created = await send(gz, 'POST', '/api/v1/organisations', {
      parentId: id('天河区总工会'),
      name: '猎德街道总工会',
      type: 'joint_union',
      level: 'street',
      regionCode: '440106',
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org.pathIds).toEqual([id('广东省总工会'), id('广州市总工会'), id('天河区总工会'), org.id]);
    const renamed = await send(gz, 'PATCH', `/api/v1/organisations/${org.id}`, { name: '猎德街道工会联合会' });
    expect(renamed.json().name).toBe('猎德街道工会联合会');
    const audit = await t.db.execute(
      sql`SELECT changes FROM audit_log WHERE action = 'organisation.update' AND subject_id = ${String(org.id)}`,
    );
    expect(audit.rows[0]?.changes).toEqual({ name: { from: '猎德街道总工会', to: '猎德街道工会联合会' } });
  });

  it('refuses a child at the same or a higher level than its parent', async () => {
    const response = await send(gz, 'POST', '/api/v1/organisations', {
      parentId: id('石牌街道总工会'),
      name: '错误的区总工会',
      type: 'federation',
      level: 'county',
      regionCode: '440106',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors[0]).toMatchObject({ field: 'level', message: '上级组织的层级或类型不允许这样设置' });
  });

  it('moves a branch with all its descendants in one transaction', async () => {
    const street = id('北京街道总工会');
    const response = await send(gz, 'POST', `/api/v1/organisations/${street}/move`, {
      newParentId: id('天河区总工会'),
    });
    expect(response.statusCode).toBe(200);
    const rows = await t.db.execute<{ name: string; path: string }>(
      sql`SELECT name, path::text FROM organisations WHERE path <@ (SELECT path FROM organisations WHERE id = ${street}) ORDER BY path`,
    );
    const prefix = [id('广东省总工会'), id('广州市总工会'), id('天河区总工会'), street].join('.');
    expect(rows.rows).toHaveLength(4);
    for (const row of rows.rows) expect(row.path.startsWith(prefix)).toBe(true);
    const employers = (await get(gz, `/api/v1/employers?organisationId=${id('天河区总工会')}&pageSize=100`)).json();
    expect(employers.items.map((e: { name: string }) => e.name)).toContain('越秀区人民医院');
  });

  it('is told in the audit trail by names: the organisation moved, and its old and new parents', async () => {
    const auditor = await login(t.app, 'auditor');
    const trail = (await get(auditor, '/api/v1/audit?action=organisation.move')).json();
    const moved = trail.items.find((item: { subjectName: string }) => item.subjectName === '北京街道总工会');
    expect(moved).toMatchObject({
      subjectType: 'organisation',
      references: { 'parentId.from': '越秀区总工会', 'parentId.to': '天河区总工会' },
    });
  });

  it('refuses a move under the branch’s own descendant, or outside the scope', async () => {
    const cycle = await send(gz, 'POST', `/api/v1/organisations/${id('天河区总工会')}/move`, {
      newParentId: id('石牌街道总工会'),
    });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().errors[0].code).toBe('problem.organisation.cycle');
    const outside = await send(gz, 'POST', `/api/v1/organisations/${id('天河区总工会')}/move`, {
      newParentId: id('深圳市总工会'),
    });
    // A parent outside the subtree is refused as missing, like any object out of scope.
    expect(outside.statusCode).toBe(404);
    const ownRoot = await send(gz, 'POST', `/api/v1/organisations/${id('广州市总工会')}/move`, {
      newParentId: id('广东省总工会'),
    });
    expect(ownRoot.statusCode).toBe(403);
  });

  it('closes only organisations without open children', async () => {
    const busy = await send(
      sz,
      'POST',
      `/api/v1/organisations/${id('南山区货车司机和网约车司机行业工会联合会')}/close`,
      { reason: '合并' },
    );
    expect(busy.statusCode).toBe(409);
    expect(busy.json().code).toBe('organisation.has_active_children');
    const leaf = await send(sz, 'POST', `/api/v1/organisations/${id('南山区网约车司机工会')}/close`, {
      reason: '并入货车司机工会',
    });
    expect(leaf.statusCode).toBe(200);
    expect(leaf.json().status).toBe('closed');
    const listed = (
      await get(sz, `/api/v1/organisations?parentId=${id('南山区货车司机和网约车司机行业工会联合会')}`)
    ).json();
    expect(listed.items.map((o: { name: string }) => o.name)).toEqual(['南山区货车司机工会']);
  });
});

describe('employers', () => {
  const valid = () => ({
    name: '天河新能源科技有限公司',
    uscc: makeUscc('440106', 777_001),
    industryCode: 'C',
    ownershipType: 'private',
    regionCode: '440106',
    employeeCount: 120,
    organisationId: id('石牌街道总工会'),
    coveringUnionId: null,
  });

  it('registers an employer and refuses the same credit code twice', async () => {
    const created = await send(gz, 'POST', '/api/v1/employers', valid());
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ organisationName: '石牌街道总工会', coveringUnionId: null });
    const again = await send(gz, 'POST', '/api/v1/employers', valid());
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('employer.uscc_taken');
  });

  it('creates exactly one employer when the same credit code is submitted concurrently', async () => {
    const uscc = makeUscc('440106', 777_500);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => send(gz, 'POST', '/api/v1/employers', { ...valid(), uscc })),
    );
    const codes = responses.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 409, 409, 409, 409, 409]);
    for (const r of responses.filter((r) => r.statusCode === 409)) expect(r.json().status).toBe(409);
    const rows = await t.db.execute(sql`SELECT count(*)::int AS n FROM employers WHERE uscc = ${uscc}`);
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it('names each bad field in the user’s language and writes nothing', async () => {
    const before = (await t.db.execute(sql`SELECT count(*)::int AS n FROM employers`)).rows[0];
    const bad = { ...valid(), uscc: '91440106000777001X', regionCode: '12345', employeeCount: -1 };
    const en = await send(gz, 'POST', '/api/v1/employers', bad, 'en');
    expect(en.statusCode).toBe(400);
    const fields = Object.fromEntries(
      en.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(fields.uscc).toBe('The check character of this Unified Social Credit Code is wrong');
    expect(fields.regionCode).toBe('A region code has 6 digits (GB/T 2260)');
    expect(fields.employeeCount).toBeDefined();
    const zh = await send(gz, 'POST', '/api/v1/employers', bad);
    expect(zh.json().errors.find((e: { field: string }) => e.field === 'uscc').message).toBe(
      '统一社会信用代码校验码不正确',
    );
    expect((await t.db.execute(sql`SELECT count(*)::int AS n FROM employers`)).rows[0]).toEqual(before);
  });

  it('keeps employers to the scope, and refuses a covering union outside it', async () => {
    const list = (await get(sz, '/api/v1/employers?pageSize=100')).json();
    expect(list.items.length).toBeGreaterThan(0);
    for (const e of list.items) expect(e.regionCode.startsWith('4403')).toBe(true);
    const gzEmployer = list.items[0];
    expect((await get(gz, `/api/v1/employers/${gzEmployer.id}`)).statusCode).toBe(404);
    const foreignUnion = await send(gz, 'POST', '/api/v1/employers', {
      ...valid(),
      uscc: makeUscc('440106', 777_002),
      coveringUnionId: id('南山区货车司机工会'),
    });
    expect(foreignUnion.statusCode).toBe(422);
    expect(foreignUnion.json().errors[0].field).toBe('coveringUnionId');
    const unionised = (await get(sz, '/api/v1/employers?unionised=false')).json();
    expect(unionised.items.map((e: { name: string }) => e.name)).toEqual(['福田新兴网络科技有限公司']);
  });

  it('records a union covering an employer, visible to the admin above both', async () => {
    const [employer] = (await get(admin, `/api/v1/employers?q=${encodeURIComponent('越秀区新开咖啡')}`)).json().items;
    const updated = await send(admin, 'PATCH', `/api/v1/employers/${employer.id}`, {
      coveringUnionId: id('北京路百货有限公司工会'),
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().coveringUnionName).toBe('北京路百货有限公司工会');
  });
});

describe('ordering', () => {
  it('lists employers and sub-organisations in pinyin order', async () => {
    const names = (await get(admin, '/api/v1/employers?pageSize=200'))
      .json()
      .items.map((e: { name: string }) => e.name);
    const collator = new Intl.Collator('zh-CN');
    expect(names).toEqual([...names].sort(collator.compare));
    expect(names.indexOf('北京路百货有限公司')).toBeLessThan(names.indexOf('越秀区人民医院'));
    const children = (await get(admin, `/api/v1/organisations?parentId=${id('深圳湾科技园区工会联合会')}`))
      .json()
      .items.map((o: { name: string }) => o.name);
    expect(children).toEqual([...children].sort(collator.compare));
  });
});
