import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, login, type Session, type TestApp } from '../../test/helpers';

// Every route of the OpenAPI document is walked with input a hostile or careless client sends:
// NUL bytes and lone UTF-16 surrogates in any string (the body, the query, sign-in included),
// an empty PATCH, an unknown id, and broken multipart. None may answer 5xx, and none may write.

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  minLength?: number;
};
type Operation = {
  parameters?: { in: string; name: string; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
};
interface Route {
  method: string;
  path: string;
  operation: Operation;
}

/** A value of the schema's shape, every string replaced by `text` (other leaves kept plausible). */
function sampleOf(schema: Schema, text: string | null): unknown {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return sampleOf(alternatives.find((s) => s.type !== 'null') ?? alternatives[0]!, text);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return text !== null && typeof schema.enum[0] === 'string' ? text : schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {})
          .filter(([key]) => text !== null || (schema.required ?? []).includes(key))
          .map(([key, value]) => [key, sampleOf(value, text)]),
      );
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleOf(schema.items ?? {}, text));
    case 'integer':
    case 'number':
      return Math.max(1, (schema.minimum ?? 0) + 1, (schema.exclusiveMinimum ?? 0) + 1);
    case 'boolean':
      return false;
    case 'string':
      if (text !== null) return text;
      if (schema.format === 'date') return '2026-01-05';
      if (schema.format === 'uuid') return '00000000-0000-4000-8000-000000000000';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return text ?? 'x';
  }
}

/** The path with every parameter set to an id nothing has. */
function unknownPath(route: Route) {
  return route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    const parameter = route.operation.parameters?.find((p) => p.in === 'path' && p.name === name);
    const schema = parameter?.schema ?? {};
    if (schema.type === 'integer' || schema.type === 'number') return '987654321';
    if (schema.format === 'uuid') return '00000000-0000-4000-8000-00000000dead';
    if (name === 'day') return '2031-01-02';
    return 'ZZZZZZZZZZZZ';
  });
}

const HOSTILE: [string, string][] = [
  ['a NUL byte', 'a\u0000b'],
  ['a lone high surrogate', 'a\ud800b'],
  ['a lone low surrogate', '\udc00'],
];

let t: TestApp;
let routes: Route[];
let admin: Session;
const writes = () => routes.filter((r) => r.method !== 'get' && r.method !== 'head');

// What a request wrote shows in the audit trail, which every write adds to in its transaction;
// a refusal of access outside the actor's scope is recorded too, and is not a write.
const auditRows = async () =>
  (await t.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action <> 'access.out_of_scope'`)).rows[0] as {
    n: number;
  };

beforeAll(async () => {
  t = await createTestApp();
  const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  routes = Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ method, path, operation })),
  );
});
afterAll(() => t.close());
// A fresh session each time: a walk may sign out (POST /auth/logout takes any query string).
beforeEach(async () => {
  admin = await login(t.app, 'admin');
});

function isProblem(response: { headers: Record<string, unknown>; json(): unknown }) {
  return String(response.headers['content-type']).startsWith('application/problem+json');
}

describe('hostile input, walked over every route in the OpenAPI document', () => {
  it('has write routes to walk', () => {
    expect(writes().length).toBeGreaterThan(100);
  });

  it.each(HOSTILE)(
    'answers %s in any string of any JSON body with 400 in the reader language, writing nothing',
    async (_name, text) => {
      const failures: string[] = [];
      const before = await auditRows();
      for (const route of writes()) {
        const schema = route.operation.requestBody?.content['application/json']?.schema;
        if (!schema) continue;
        for (const locale of ['zh-CN', 'en']) {
          const response = await t.app.inject({
            method: route.method.toUpperCase() as 'POST',
            url: unknownPath(route),
            headers: { ...admin.headers, 'accept-language': locale },
            // Routes whose fields are all numbers get the text in a field they do not know.
            payload: { ...(sampleOf(schema, text) as object), probe: text },
          });
          const body = response.json() as { code?: string; title?: string; errors?: { message: string }[] };
          const expectedTitle = locale === 'en' ? /not allowed/ : /不允许/;
          if (
            response.statusCode !== 400 ||
            !isProblem(response) ||
            body.code !== 'invalid_text' ||
            !expectedTitle.test(body.errors?.[0]?.message ?? '')
          ) {
            failures.push(
              `${route.method} ${route.path} ${locale}: ${response.statusCode} ${response.body.slice(0, 160)}`,
            );
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await auditRows()).toEqual(before);
    },
  );

  // A query string is bytes: a lone surrogate cannot be percent-encoded, and broken UTF-8 decodes
  // to U+FFFD, which is stored as it is; neither may cause a 5xx.
  it.each([
    ['a NUL byte', '%00', 400],
    ['broken UTF-8', '%ED%A0%80%FF', 0],
  ])('answers %s in the query string of any route without a 5xx', async (_name, encoded, expected) => {
    const failures: string[] = [];
    for (const route of routes) {
      const response = await t.app.inject({
        method: route.method.toUpperCase() as 'GET',
        url: `${unknownPath(route)}?q=${encoded}&search=${encoded}&status=${encoded}`,
        headers: admin.headers,
      });
      const ok = expected ? response.statusCode === expected : response.statusCode < 500;
      if (!ok || (route.method !== 'head' && response.statusCode >= 400 && !isProblem(response))) {
        failures.push(`${route.method} ${route.path}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers a NUL or a lone surrogate in the sign-in fields with 400, never 5xx or a lockout count', async () => {
    for (const [, text] of HOSTILE) {
      for (const payload of [
        { login: `admin${text}`, password: 'x' },
        { login: 'admin', password: `pw${text}` },
      ]) {
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
        expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      }
      const sms = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sms/request',
        payload: { mobile: `1380000000${text}` },
      });
      expect(sms.statusCode).toBe(400);
    }
    // Still signs in: nothing above counted as a failed attempt.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { login: 'admin', password: DEMO_PASSWORD },
        })
      ).statusCode,
    ).not.toBe(423);
  });

  it('answers an empty PATCH of any resource with 400, writing nothing', async () => {
    const failures: string[] = [];
    const before = await auditRows();
    const patches = routes.filter((r) => r.method === 'patch');
    expect(patches.length).toBeGreaterThan(3);
    for (const route of patches) {
      // An id that exists where the route has one, so the emptiness is what is refused.
      const url = route.path.replace(/\{id\}/, '1');
      const response = await t.app.inject({ method: 'PATCH', url, headers: admin.headers, payload: {} });
      if (response.statusCode !== 400 || !isProblem(response) || response.json().code !== 'empty_patch') {
        failures.push(`${route.path}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await auditRows()).toEqual(before);
  });

  it('answers an unknown id on any route with a 4xx problem, never 5xx and never success', async () => {
    const failures: string[] = [];
    // The calendar's day is a natural key: PUT sets that day whether or not it was set before.
    for (const route of routes.filter((r) => r.path.includes('{') && r.path !== '/api/v1/membership/calendar/{day}')) {
      const schema = route.operation.requestBody?.content['application/json']?.schema;
      const response = await t.app.inject({
        method: route.method.toUpperCase() as 'POST',
        url: unknownPath(route),
        headers: admin.headers,
        ...(schema ? { payload: sampleOf(schema, null) as object } : {}),
      });
      const ok =
        response.statusCode >= 400 && response.statusCode < 500 && (route.method === 'head' || isProblem(response));
      if (!ok) failures.push(`${route.method} ${route.path}: ${response.statusCode} ${response.body.slice(0, 160)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('search text is taken literally: % and _ are characters, not wildcards', () => {
  /** How many things a list answered with, whatever its shape. */
  const listed = (body: unknown): number => {
    if (Array.isArray(body)) return body.length;
    const object = body as { items?: unknown[]; rows?: unknown[]; total?: number };
    return object.items?.length ?? object.rows?.length ?? object.total ?? Number.NaN;
  };

  it('finds nothing for a lone % or _ on every list with a search box (none of the demo names holds one)', async () => {
    const searchable = routes.filter(
      (r) =>
        r.method === 'get' &&
        !r.path.includes('{') &&
        !r.path.endsWith('/export') &&
        r.operation.parameters?.some((p) => p.in === 'query' && p.name === 'q'),
    );
    expect(searchable.length).toBeGreaterThanOrEqual(8);
    const found: string[] = [];
    for (const route of searchable) {
      for (const q of ['%', '_', '\\']) {
        const response = await t.app.inject({
          method: 'GET',
          url: `${route.path}?q=${encodeURIComponent(q)}`,
          headers: admin.headers,
        });
        expect(response.statusCode, `${route.path}?q=${q}`).toBe(200);
        const count = listed(response.json());
        if (count !== 0) found.push(`${route.path}?q=${q}: ${count}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('escapes the text of every LIKE or ILIKE in the repositories (db/sql.ts: escapeLike)', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const unescaped: string[] = [];
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? walk(full) : e.name.endsWith('.repository.ts') ? [full] : [];
      });
    for (const file of walk(root)) {
      const text = fs.readFileSync(file, 'utf8');
      // A LIKE in a template (`LIKE ${...}`) or drizzle's like()/ilike() whose pattern is built here.
      for (const match of text.matchAll(/\bI?LIKE \$\{([^}]*\})?[^}]*\}|\bi?like\([^,]+,\s*([^)]*)\)/g)) {
        if (!match[0].includes('escapeLike(') && /\$\{|%/.test(match[0]))
          unescaped.push(`${path.relative(root, file)}: ${match[0].slice(0, 80)}`);
      }
    }
    expect(unescaped).toEqual([]);
  });
});

describe('broken multipart, on every upload route', () => {
  const uploads = () =>
    writes().filter(
      (r) =>
        !r.operation.requestBody?.content['application/json'] &&
        /import|checkoff|documents|attachments|results\/file/.test(r.path),
    );
  const boundary = '----gonghui';
  const part = (fileName: string, content: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}`;

  it('finds every upload route', () => {
    expect(uploads().length).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ['truncated mid-part', part('a.csv', '姓名,身份证号\n张三,1')],
    ['with no parts at all', `--${boundary}--\r\n`],
    ['with a NUL in the file name', `${part('a\u0000.csv', '姓名\n')}\r\n--${boundary}--\r\n`],
    // Bytes cannot carry a lone surrogate; broken UTF-8 is their nearest kin (it decodes to U+FFFD).
    ['with broken UTF-8 in the file name', `${part('a\xed\xa0\x80.xlsx', 'not a workbook')}\r\n--${boundary}--\r\n`],
    ['whose boundary is missing', 'not multipart at all'],
  ])('answers a body %s with a 4xx problem, never 5xx', async (_name, payload) => {
    const failures: string[] = [];
    const before = await auditRows();
    for (const route of uploads()) {
      const url = route.path.replace(/\{(\w+)\}/g, '1');
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.from(payload, 'latin1'),
      });
      if (response.statusCode < 400 || response.statusCode >= 500 || !isProblem(response)) {
        failures.push(`${route.path}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect((await auditRows()).n).toBe(before.n);
  });
});
