import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, login, type TestApp } from '../../test/helpers';

const lines: string[] = [];
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ logLines: lines });
});
afterAll(() => t.close());

describe('structured logs', () => {
  it('record requests with ids but never passwords, cookies, tokens, ID numbers or phone numbers', async () => {
    const admin = await login(t.app, 'admin');
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: 'admin', password: 'Wrong-Secret-Guess-1' },
    });
    await t.app.inject({ method: 'GET', url: '/api/v1/users?q=13800138000', headers: admin.headers });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.headers,
      payload: {
        username: 'log.check',
        displayName: '日志检查',
        kind: 'member',
        mobile: '13700137000',
        idNumber: '11010519491231002X',
        password: 'Very-Private-Words-9',
        role: 'member',
        organisationId: 1,
      },
    });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: admin.headers,
      payload: { name: 'log', permissions: ['organisation.read'] },
    });
    const token = created.json().token as string;
    await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: { authorization: `Bearer ${token}` } });

    const log = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(log).toContain('"reqId"');
    for (const secret of [
      DEMO_PASSWORD,
      'Wrong-Secret-Guess-1',
      'Very-Private-Words-9',
      '11010519491231002X',
      '13700137000',
      '13800138000',
      token,
      admin.csrfToken,
      admin.cookie.split('=')[1]!,
    ]) {
      expect(log).not.toContain(secret);
    }
  });
});
