import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { createUserAccount } from './users.service';

let t: TestApp;
let admin: Session;
let gz: Session;
let rider: Session;
beforeAll(async () => {
  t = await createTestApp();
  [admin, gz, rider] = await Promise.all([login(t.app, 'admin'), login(t.app, 'gz.cadre'), login(t.app, 'rider')]);
});
afterAll(() => t.close());

const userId = async (username: string) =>
  String((await t.db.execute<{ id: string }>(sql`SELECT id FROM users WHERE username = ${username}`)).rows[0]!.id);
const orgId = async (name: string) =>
  Number((await t.db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0]!.id);

describe('personal data at rest', () => {
  it('stores mobile and ID numbers only as ciphertext and blind index', async () => {
    const { rows } = await t.db.execute<{ mobile_enc: Buffer; mobile_hash: Buffer; id_number_enc: Buffer }>(
      sql`SELECT mobile_enc, mobile_hash, id_number_enc FROM users WHERE username = 'rider'`,
    );
    const row = rows[0]!;
    expect(row.mobile_enc.toString('latin1')).not.toContain('13800138000');
    expect(row.id_number_enc.toString('latin1')).not.toContain('440106');
    expect(row.mobile_hash.equals(t.cipher.blindIndex('13800138000'))).toBe(true);
  });
});

describe('the user list', () => {
  it('shows masked personal data and only users in scope', async () => {
    const list = (await t.app.inject({ method: 'GET', url: '/api/v1/users?pageSize=100', headers: gz.headers })).json();
    const usernames = list.items.map((u: { username: string }) => u.username);
    expect(usernames).toContain('rider');
    expect(usernames).not.toContain('worker');
    expect(usernames).not.toContain('sz.cadre');
    const riderRow = list.items.find((u: { username: string }) => u.username === 'rider');
    expect(riderRow.mobile).toBe('138****8000');
    expect(riderRow.idNumber).toMatch(/^440106\*{8}\d{3}[\dX]$/);
    expect(JSON.stringify(list)).not.toContain('13800138000');
  });

  it('finds a user by exact mobile number through the blind index', async () => {
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/users?q=13800138000', headers: admin.headers })
    ).json();
    expect(list.items.map((u: { username: string }) => u.username)).toEqual(['rider']);
  });

  it('is closed to members', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: rider.headers })).statusCode).toBe(403);
  });
});

describe('revealing personal data', () => {
  it('needs the permission, a reason, and is audited', async () => {
    const id = await userId('rider');
    const noPermission = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/reveal`,
      headers: gz.headers,
      payload: { field: 'mobile', reason: '回访诉求处理情况' },
    });
    expect(noPermission.statusCode).toBe(403);
    const noReason = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/reveal`,
      headers: admin.headers,
      payload: { field: 'mobile' },
    });
    expect(noReason.statusCode).toBe(400);
    const revealed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${id}/reveal`,
      headers: admin.headers,
      payload: { field: 'idNumber', reason: '核对困难职工档案身份信息' },
    });
    expect(revealed.json()).toEqual({ field: 'idNumber', value: '44010619950315421X' });
    const audit = await t.db.execute<{ changes: Record<string, string>; actor_name: string }>(
      sql`SELECT changes, actor_name FROM audit_log WHERE action = 'pii.reveal' AND subject_id = ${id}`,
    );
    expect(audit.rows[0]).toMatchObject({
      actor_name: '陈建国',
      changes: { field: 'idNumber', reason: '核对困难职工档案身份信息' },
    });
  });

  it('answers 404 for a user outside the scope, and records the attempt', async () => {
    const strict = await createTestApp();
    try {
      // A Guangzhou-only admin cannot reveal a Shenzhen worker.
      const gzOrg = Number(
        (await strict.db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '广州市总工会'`))
          .rows[0]!.id,
      );
      await strict.db.transaction((tx) =>
        createUserAccount({ cipher: strict.cipher }, tx, null, {
          username: 'gz.admin',
          displayName: '广州管理员',
          kind: 'cadre',
          password: 'Harbour-Lantern-2026',
          role: 'federation_admin',
          organisationId: gzOrg,
        }),
      );
      const session = await login(strict.app, 'gz.admin', 'Harbour-Lantern-2026');
      const worker = String(
        (await strict.db.execute<{ id: string }>(sql`SELECT id FROM users WHERE username = 'worker'`)).rows[0]!.id,
      );
      const response = await strict.app.inject({
        method: 'POST',
        url: `/api/v1/users/${worker}/reveal`,
        headers: session.headers,
        payload: { field: 'mobile', reason: '试图越权查看' },
      });
      expect(response.statusCode).toBe(404);
      const denied = await strict.db.execute(
        sql`SELECT 1 FROM audit_log WHERE action = 'access.out_of_scope' AND subject_id = ${worker}`,
      );
      expect(denied.rows).toHaveLength(1);
    } finally {
      await strict.close();
    }
  });
});

describe('creating accounts', () => {
  it('creates a member in scope with a role, refusing a taken mobile number', async () => {
    const organisationId = await orgId('天河区快递员工会');
    const payload = {
      username: 'courier.li',
      displayName: '李快递',
      kind: 'member',
      mobile: '13900139000',
      idNumber: `${'44010619900101001X'.slice(0, 17)}X`,
      password: 'Courier-2026-li',
      role: 'member',
      organisationId,
    };
    const badId = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0]).toMatchObject({ field: 'idNumber', message: '身份证号校验码不正确' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { ...payload, idNumber: undefined },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().mobile).toBe('139****9000');
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: { ...payload, idNumber: undefined, username: 'courier.li2' },
    });
    expect(taken.statusCode).toBe(409);
  });

  it('leaves nothing behind when a write fails half-way', async () => {
    const before = (await t.db.execute(sql`SELECT count(*)::int AS n FROM users`)).rows[0];
    await expect(
      t.db.transaction((tx) =>
        createUserAccount({ cipher: t.cipher }, tx, null, {
          username: 'half.way',
          displayName: '半途',
          kind: 'member',
          password: 'Half-Way-2026',
          role: 'member',
          organisationId: 987_654,
        }),
      ),
    ).rejects.toThrow();
    expect((await t.db.execute(sql`SELECT count(*)::int AS n FROM users`)).rows[0]).toEqual(before);
  });
});
