import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, rolePermissionsOf } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { connect, type Db } from '../src/db/client';
import { MIGRATIONS_FOLDER } from '../src/db/migrate';
import { DEMO_PASSWORD, seedDemo } from '../src/db/seed-demo';
import { MODULES } from '../src/modules';
import { insertSession } from '../src/modules/accounts/accounts.repository';
import { createPiiCipher, type PiiCipher, randomToken, sha256Hex } from '../src/platform/crypto';
import type { JobDeps } from '../src/platform/jobs';
import type { SmsProvider } from '../src/platform/sms';
import type { WechatProvider } from '../src/platform/wechat';

export interface TestDb {
  db: Db;
  pool: pg.Pool;
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: inject('serverUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database cloned from the migrated template: fast, isolated, dropped afterwards. */
export async function createTestDb(poolSize = 5): Promise<TestDb> {
  const name = `gonghui_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('templateDatabase')}`);
  const url = new URL(inject('serverUrl'));
  url.pathname = `/${name}`;
  const { db, pool } = connect(url.toString(), { max: poolSize });
  return {
    db,
    pool,
    url: url.toString(),
    name,
    async drop() {
      await pool.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** An empty database, not even migrated: for restore tests. */
export async function createEmptyDb(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gonghui_e_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(inject('serverUrl'));
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Migrates a database up to, not including, the migration `tag`, so a test can write rows as they
 * were and watch that migration carry them over (then run `migrateDatabase` for the rest).
 */
export async function migrateBefore(db: Db, tag: string) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-migrations-'));
  try {
    fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, 'meta/_journal.json');
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((entry) => entry.tag === tag);
    if (at < 0) throw new Error(`no migration ${tag}`);
    journal.entries = journal.entries.slice(0, at);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    await migrate(db, { migrationsFolder: folder });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GONGHUI_RATE_LIMIT_PER_MINUTE: '100000',
    GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    GONGHUI_WEB_DIST: '/nonexistent',
    ...overrides,
  });
}

export interface CapturedSms {
  mobile: string;
  code: string;
}

/** A message text sent by SMS or WeChat. */
export interface CapturedText {
  channel: 'sms' | 'wechat';
  /** The mobile for SMS, the account for WeChat. */
  to: string;
  text: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  testDb: TestDb;
  cipher: PiiCipher;
  sms: CapturedSms[];
  /** Texts the message centre sent; `jobDeps` runs jobs with the same providers. */
  texts: CapturedText[];
  jobDeps: JobDeps;
  close(): Promise<void>;
}

/** The real app on a cloned database, with the demo federation seeded and SMS captured. */
export async function createTestApp(
  options: { env?: Record<string, string>; seed?: boolean; logLines?: string[]; poolSize?: number } = {},
): Promise<TestApp> {
  const testDb = await createTestDb(options.poolSize);
  const cipher = createPiiCipher(randomBytes(32));
  if (options.seed !== false) await seedDemo(testDb.db, cipher);
  const sms: CapturedSms[] = [];
  const texts: CapturedText[] = [];
  const provider: SmsProvider = {
    async sendLoginCode({ mobile, code }) {
      sms.push({ mobile, code });
    },
    async sendText({ mobile, text }) {
      texts.push({ channel: 'sms', to: mobile, text });
    },
  };
  const wechat: WechatProvider = {
    async sendSubscribeMessage({ userId, text }) {
      texts.push({ channel: 'wechat', to: userId, text });
    },
  };
  const logLines = options.logLines;
  const logger = logLines ? { level: 'debug', stream: { write: (line: string) => void logLines.push(line) } } : false;
  const config = testConfig(options.env);
  const app = await buildApp({ db: testDb.db, config, cipher, sms: provider, wechat, logger });
  await app.ready();
  return {
    app,
    db: testDb.db,
    testDb,
    cipher,
    sms,
    texts,
    jobDeps: { db: testDb.db, cipher, config, rolePermissions: rolePermissionsOf(MODULES), sms: provider, wechat },
    async close() {
      await app.close();
      await testDb.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrfToken: string;
  headers: Record<string, string>;
}

export function sessionFrom(response: LightMyRequestResponse): Session {
  const setCookie = response.cookies.find((c) => c.name === 'gh_session');
  if (!setCookie) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = `gh_session=${setCookie.value}`;
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

export async function login(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login: username, password },
  });
  return sessionFrom(response);
}

export { DEMO_PASSWORD };

/**
 * A signed-in session for a user without going through the password check (argon2 takes tens of
 * milliseconds; a test with hundreds of voters would spend minutes on it).
 */
export async function sessionForUser(db: Db, userId: string): Promise<Session> {
  const token = randomToken();
  const csrfToken = randomToken();
  await insertSession(db, {
    id: sha256Hex(token),
    userId,
    csrfToken,
    expiresAt: new Date(Date.now() + 3_600_000),
    idleSeconds: 3600,
  });
  const cookie = `gh_session=${token}`;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Calls on the API as a session: `call` answers the response, `ok` the JSON of an expected status
 * (200 by default), `upload` sends one file as multipart. One place instead of each test's copy.
 */
export function apiCaller(app: FastifyInstance) {
  const call = (session: Session, method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: session.headers,
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  const ok = async (session: Session, method: Method, url: string, payload?: unknown, status = 200) => {
    const response = await call(session, method, url, payload);
    if (response.statusCode !== status)
      throw new Error(`${method} ${url}: expected ${status}, got ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const upload = (session: Session, url: string, file: { name: string; type: string; content: Buffer }) => {
    const boundary = '----gonghui-test';
    return app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { ...session.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        ),
        file.content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
  };
  return { call, ok, upload };
}
