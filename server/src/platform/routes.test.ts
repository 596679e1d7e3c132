import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type TestApp, testConfig } from '../../test/helpers';
import { buildApp } from '../app';
import { createLogSmsProvider } from './sms';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the route table', () => {
  it('has no API route without a declared permission, an authenticated-only mark or an explicit public mark', () => {
    const api = t.app.routeTable.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    const undeclared = api.filter((r) => !r.config.public && !r.config.permission && !r.config.authenticated);
    expect(api.length).toBeGreaterThan(25);
    expect(undeclared).toEqual([]);
  });

  it('makes public only the sign-in routes, the invite and card-key lookups, anonymous reporting, the public notice of assistance, the docs and the OpenAPI document', () => {
    const isPublic = t.app.routeTable
      .filter((r) => r.url.startsWith('/api/v1') && r.config.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(isPublic.sort()).toEqual(
      [
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/sms/login',
        'POST /api/v1/auth/sms/request',
        'GET /api/v1/membership/invites/:code',
        'HEAD /api/v1/membership/invites/:code',
        'GET /api/v1/membership/card-key',
        'HEAD /api/v1/membership/card-key',
        'GET /api/v1/assistance/notices',
        'HEAD /api/v1/assistance/notices',
        'GET /api/v1/rights/desks',
        'HEAD /api/v1/rights/desks',
        'POST /api/v1/rights/anonymous',
        'GET /api/v1/rights/anonymous/:code',
        'HEAD /api/v1/rights/anonymous/:code',
        'POST /api/v1/rights/anonymous/:code/actions',
        'POST /api/v1/rights/anonymous/:code/attachments',
      ].sort(),
    );
  });

  it('refuses a route that declares nothing', async () => {
    const app = await buildApp({
      db: t.db,
      config: testConfig(),
      cipher: t.cipher,
      sms: createLogSmsProvider(() => {}),
      logger: false,
      modules: [
        {
          name: 'careless',
          tables: {},
          permissions: [],
          routes: (api) => void api.get('/careless', async () => ({ leaked: true })),
        },
      ],
    });
    const session = await login(t.app, 'admin');
    const response = await app.inject({ method: 'GET', url: '/api/v1/careless', headers: session.headers });
    expect(response.statusCode).toBe(403);
    expect(response.json().leaked).toBeUndefined();
    await app.close();
  });
});

describe('bad input', () => {
  it('answers malformed JSON, a wrong content type and an oversized body with problem+json', async () => {
    const session = await login(t.app, 'admin');
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employers',
      headers: { ...session.headers, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'malformed_json', title: 'The request body is not valid JSON' });
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employers',
      headers: { ...session.headers, 'content-type': 'application/xml' },
      payload: '<employer/>',
    });
    expect(wrongType.statusCode).toBe(415);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/employers',
      headers: { ...session.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('body_too_large');
  });

  it('answers an unknown API path with a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });

  it('limits the rate of login attempts per address', async () => {
    const limited = await createTestApp({ env: { GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE: '3' }, seed: false });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: 'a', password: 'b' },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('platform endpoints', () => {
  it('serves health, OpenAPI 3.1 with every API route, request ids and security headers', async () => {
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
    expect(health.headers['x-request-id']).toBeTruthy();
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['content-security-policy']).toContain("default-src 'self'");
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/organisations/{id}/move']),
    );
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});
