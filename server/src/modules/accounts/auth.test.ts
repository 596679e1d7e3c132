import { sql } from 'drizzle-orm';
import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, login, sessionFrom, type TestApp } from '../../../test/helpers';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { GONGHUI_LOCKOUT_THRESHOLD: '3', GONGHUI_LOCKOUT_MINUTES: '15' } });
});
afterAll(() => t.close());

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, payload: payload as object, headers });

/** What a city federation cadre holds; the web's menu test uses the same list. */
const GZ_CADRE_PERMISSIONS = [
  'assistance.approve',
  'assistance.disburse',
  'assistance.manage',
  'assistance.programmes',
  'assistance.read',
  'assistance.statistics',
  'card.verify',
  'democracy.manage',
  'democracy.read',
  'dues.manage',
  'employer.manage',
  'employer.read',
  'member.manage',
  'member.read',
  'membership.statistics',
  'notice.manage',
  'notice.read',
  'organisation.manage',
  'organisation.read',
  'reach.deliveries',
  'rights.dispatch',
  'rights.handle',
  'rights.read',
  'rights.statistics',
  'survey.manage',
  'survey.read',
  'user.read',
];

describe('password login', () => {
  it('sets an httpOnly SameSite session cookie and answers /me with roles, permissions and scopes', async () => {
    const response = await post('/api/v1/auth/login', { login: 'gz.cadre', password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'gh_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    // Beside it a readable hint holding no secret, so the page asks who is signed in only then.
    const hint = response.cookies.find((c) => c.name === 'gh_signed_in');
    expect(hint).toMatchObject({ value: '1', path: '/' });
    expect(hint?.httpOnly).toBeFalsy();
    expect(hint?.expires?.getTime()).toBe(cookie?.expires?.getTime());
    const session = sessionFrom(response);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.shell).toBe('admin');
    expect(body.scopes).toEqual([{ organisationId: expect.any(Number), name: '广州市总工会' }]);
    // What the console's menu is built from (web/src/app/menu.test.ts: the entries these open).
    expect(body.permissions).toEqual(GZ_CADRE_PERMISSIONS);
    expect(body.user.mobile).toBe('138****8002');
  });

  it('logs in by mobile number and lands a member in the member shell', async () => {
    const session = await login(t.app, '13800138000');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } })).json();
    expect(me.shell).toBe('member');
    expect(me.permissions).toEqual([]);
  });

  it('refuses a wrong password with a translated problem', async () => {
    const zh = await post('/api/v1/auth/login', { login: 'sz.cadre', password: 'wrong-password' });
    expect(zh.statusCode).toBe(401);
    expect(zh.headers['content-type']).toContain('application/problem+json');
    expect(zh.json()).toMatchObject({ code: 'invalid_credentials', title: '账号或密码不正确', status: 401 });
    const en = await post('/api/v1/auth/login', { login: 'nobody', password: 'x' }, { 'accept-language': 'en' });
    expect(en.json()).toMatchObject({ code: 'invalid_credentials', title: 'Wrong login or password' });
  });

  // Failures are counted per login and address: guesses from one address make that address wait,
  // even with the right password, and never lock the account's owner out from another.
  it('makes an address wait after repeated failures, audited, without locking the owner out elsewhere', async () => {
    const from = (remoteAddress: string, password: string, login = 'station') =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login, password }, remoteAddress });
    for (let i = 0; i < 3; i++) await from('10.9.9.9', 'nope-nope');
    const waiting = await from('10.9.9.9', DEMO_PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().code).toBe('login_throttled');
    const audit = await t.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout'`);
    expect(audit.rows[0]).toEqual({ n: 1 });
    // The owner, elsewhere, signs in.
    expect((await from('10.1.1.1', DEMO_PASSWORD)).statusCode).toBe(200);
    await t.db.execute(sql`UPDATE auth_throttle SET locked_until = now() - interval '1 second'`);
    expect((await from('10.9.9.9', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('answers an unknown login exactly as a known one with a wrong password, through the lockout', async () => {
    const answers = async (login: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 5; i++) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login, password: 'wrong-password', totp: '123456' },
          remoteAddress: '10.7.7.7',
        });
        seen.push(`${response.statusCode} ${response.json().code} ${response.json().title}`);
      }
      return seen;
    };
    const known = await answers('sz.cadre');
    expect(known).toEqual(await answers('no.such.person'));
    expect(known).toEqual(await answers('13900000000')); // a mobile nobody has
    expect(known.at(-1)).toMatch(/^429 login_throttled/);
  });

  it('limits SMS code requests for a number with no account exactly as for one with', async () => {
    const ask = (mobile: string) =>
      t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/request', payload: { mobile } });
    const known = [(await ask('13800138000')).statusCode, (await ask('13800138000')).statusCode];
    const unknown = [(await ask('13911112222')).statusCode, (await ask('13911112222')).statusCode];
    expect(unknown).toEqual(known);
    expect(known[1]).toBe(429);
  });

  it('validates the body and names each bad or unknown field', async () => {
    const response = await post(
      '/api/v1/auth/login',
      { login: 'admin', password: 5, extra: true },
      { 'accept-language': 'en' },
    );
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'password',
          message: expect.stringContaining('expected string, received number'),
        }),
        expect.objectContaining({ field: 'extra', code: 'unrecognized_keys' }),
      ]),
    );
  });
});

describe('sessions and CSRF', () => {
  it('refuses a cookie-authenticated write without the CSRF token', async () => {
    const session = await login(t.app, 'rider');
    const without = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { largeText: true },
      headers: { cookie: session.cookie },
    });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_failed');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { largeText: true },
      headers: { cookie: session.cookie, 'x-csrf-token': 'forged' },
    });
    expect(wrong.statusCode).toBe(403);
    const withToken = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { largeText: true },
      headers: session.headers,
    });
    expect(withToken.statusCode).toBe(200);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).json();
    expect(me.user.largeText).toBe(true);
  });

  it('ends a session on logout, after 30 idle minutes for cadres, and at the absolute limit', async () => {
    const a = await login(t.app, 'mediator');
    const out = await post('/api/v1/auth/logout', {}, a.headers);
    expect(out.statusCode).toBe(200);
    // Both cookies are cleared.
    for (const name of ['gh_session', 'gh_signed_in'])
      expect(out.cookies.find((c) => c.name === name)?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: a.headers })).statusCode).toBe(401);

    const b = await login(t.app, 'mediator');
    await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE revoked_at IS NULL`);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: b.headers })).statusCode).toBe(401);
    // The refused request did not revive it.
    const idle = await t.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM sessions WHERE revoked_at IS NULL AND last_seen_at > now() - interval '30 minutes'`,
    );
    expect(idle.rows[0]!.n).toBe(0);

    const c = await login(t.app, 'mediator');
    await t.db.execute(sql`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE revoked_at IS NULL`);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: c.headers })).statusCode).toBe(401);
  });

  it('writes last-seen when a minute has passed, so an active session stays alive', async () => {
    const session = await login(t.app, 'station');
    await t.db.execute(sql`UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE revoked_at IS NULL`);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).statusCode).toBe(200);
    const seen = await t.db.execute<{ ago: number }>(
      sql`SELECT extract(epoch FROM now() - max(last_seen_at))::float8 AS ago FROM sessions WHERE revoked_at IS NULL`,
    );
    expect(seen.rows[0]!.ago).toBeLessThan(60);
  });

  it('signs out other sessions when the password changes, and applies the cadre policy', async () => {
    const first = await login(t.app, 'auditor');
    const second = await login(t.app, 'auditor');
    const tooShort = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'Short1!' },
      second.headers,
    );
    expect(tooShort.statusCode).toBe(422);
    expect(tooShort.json().errors[0]).toMatchObject({ field: 'newPassword', message: '密码至少需要12个字符' });
    const breached = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'password1234' },
      second.headers,
    );
    expect(breached.json().errors[0].code).toBe('validation.password.breached');
    // The demo's published password cannot be chosen either (here: re-chosen) by anyone.
    const demo = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD },
      second.headers,
    );
    expect(demo.json().errors[0].code).toBe('validation.password.breached');
    const wrongCurrent = await post(
      '/api/v1/me/password',
      { currentPassword: 'not-it', newPassword: 'Quiet-Harbour-2026' },
      second.headers,
    );
    expect(wrongCurrent.statusCode).toBe(422);
    const ok = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'Quiet-Harbour-2026' },
      second.headers,
    );
    expect(ok.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: first.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: second.headers })).statusCode).toBe(200);
    await login(t.app, 'auditor', 'Quiet-Harbour-2026');
  });

  it('holds a member to the same password rule as a cadre', async () => {
    const session = await login(t.app, 'worker');
    // Long enough under the old member rule (8), short of the one rule (12).
    const eleven = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'Harbour-26!' },
      session.headers,
    );
    expect(eleven.statusCode).toBe(422);
    expect(eleven.json().errors[0]).toMatchObject({ field: 'newPassword', code: 'validation.password.tooShort' });
    expect(eleven.json().errors[0].message).toBe('密码至少需要12个字符');
    const twelve = await post(
      '/api/v1/me/password',
      { currentPassword: DEMO_PASSWORD, newPassword: 'Harbour-2026!' },
      session.headers,
    );
    expect(twelve.statusCode).toBe(200);
  });

  it('answers 401 without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });
});

describe('SMS code login', () => {
  it('sends a code that signs in once and only once', async () => {
    const sent = await post('/api/v1/auth/sms/request', { mobile: '13800138010' });
    expect(sent.statusCode).toBe(202);
    const { code } = t.sms.at(-1)!;
    expect(t.sms.at(-1)?.mobile).toBe('13800138010');
    const wrong = await post('/api/v1/auth/sms/login', {
      mobile: '13800138010',
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('sms_code_invalid');
    const ok = await post('/api/v1/auth/sms/login', { mobile: '13800138010', code });
    expect(ok.statusCode).toBe(200);
    const again = await post('/api/v1/auth/sms/login', { mobile: '13800138010', code });
    expect(again.statusCode).toBe(401);
  });

  it('does not reveal whether a number has an account, and refuses an expired code', async () => {
    const before = t.sms.length;
    expect((await post('/api/v1/auth/sms/request', { mobile: '13999999999' })).statusCode).toBe(202);
    expect(t.sms.length).toBe(before);
    await t.db.execute(sql`DELETE FROM sms_codes`);
    await post('/api/v1/auth/sms/request', { mobile: '13800138002' });
    const { code } = t.sms.at(-1)!;
    await t.db.execute(sql`UPDATE sms_codes SET expires_at = now() - interval '1 second'`);
    expect((await post('/api/v1/auth/sms/login', { mobile: '13800138002', code })).statusCode).toBe(401);
  });
});

describe('two-factor authentication', () => {
  it('enrols with a code, then requires one at login, refusing a replayed code', async () => {
    const session = await login(t.app, 'union.cadre');
    const setup = (await post('/api/v1/me/totp/setup', {}, session.headers)).json();
    expect(setup.otpauthUrl).toContain('otpauth://totp/');
    expect((await post('/api/v1/me/totp/enable', { code: '000000' }, session.headers)).statusCode).toBe(422);
    expect(
      (await post('/api/v1/me/totp/enable', { code: authenticator.generate(setup.secret) }, session.headers))
        .statusCode,
    ).toBe(200);

    const withoutCode = await post('/api/v1/auth/login', { login: 'union.cadre', password: DEMO_PASSWORD });
    expect(withoutCode.statusCode).toBe(401);
    expect(withoutCode.json().code).toBe('totp_required');
    // Enabling consumed the current time step, so the same code cannot be replayed at login.
    const replay = await post('/api/v1/auth/login', {
      login: 'union.cadre',
      password: DEMO_PASSWORD,
      totp: authenticator.generate(setup.secret),
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('totp_invalid');
    await t.db.execute(
      sql`UPDATE users SET totp_last_step = totp_last_step - 2, failed_login_count = 0 WHERE username = 'union.cadre'`,
    );
    const ok = await post('/api/v1/auth/login', {
      login: 'union.cadre',
      password: DEMO_PASSWORD,
      totp: authenticator.generate(setup.secret),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('keeps federation cadres to enrolment when two-factor is required', async () => {
    const strict = await createTestApp({ env: { GONGHUI_REQUIRE_TOTP: 'true' } });
    try {
      const session = await login(strict.app, 'gz.cadre');
      const me = (await strict.app.inject({ method: 'GET', url: '/api/v1/me', headers: session.headers })).json();
      expect(me.mustEnrolTotp).toBe(true);
      const blocked = await strict.app.inject({
        method: 'GET',
        url: '/api/v1/organisations',
        headers: session.headers,
      });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json().code).toBe('totp_enrolment_required');
      const setup = (
        await strict.app.inject({ method: 'POST', url: '/api/v1/me/totp/setup', headers: session.headers })
      ).json();
      await strict.app.inject({
        method: 'POST',
        url: '/api/v1/me/totp/enable',
        payload: { code: authenticator.generate(setup.secret) },
        headers: session.headers,
      });
      expect(
        (await strict.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: session.headers })).statusCode,
      ).toBe(200);
      // Grassroots cadres and members are not held to it.
      const member = await login(strict.app, 'rider');
      expect(
        (await strict.app.inject({ method: 'GET', url: '/api/v1/me', headers: member.headers })).json().mustEnrolTotp,
      ).toBe(false);
    } finally {
      await strict.close();
    }
  });
});

describe('API tokens', () => {
  it('authenticates with a bearer token limited to the permissions it was given, until revoked', async () => {
    const session = await login(t.app, 'admin');
    const refused = await post('/api/v1/me/tokens', { name: 'too much', permissions: ['no.such'] }, session.headers);
    expect(refused.statusCode).toBe(422);
    const created = await post(
      '/api/v1/me/tokens',
      { name: 'stats export', permissions: ['organisation.read'] },
      session.headers,
    );
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const stored = await t.db.execute(sql`SELECT token_hash FROM api_tokens WHERE id = ${id}`);
    expect(stored.rows[0]?.token_hash).not.toContain(token);
    const bearer = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit', headers: bearer })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer })).statusCode).toBe(200);
    // The token cannot manage the account it belongs to, nor mint further tokens.
    const mint = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/tokens',
      headers: bearer,
      payload: { name: 'x', permissions: ['organisation.read'] },
    });
    expect(mint.statusCode).toBe(403);
    const password = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: bearer,
      payload: { currentPassword: 'a', newPassword: 'b' },
    });
    expect(password.statusCode).toBe(403);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/tokens/${id}`, headers: session.headers });
    expect(revoke.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers: bearer })).statusCode).toBe(401);
  });
});
