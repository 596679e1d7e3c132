/**
 * `npm run bench -- --scale smoke|city|province [--import-rows N] [--only GROUPS] [--strict]`
 *
 * `--only` runs some scenario groups of membership, democracy, rights, assistance, reach, surveys
 * and web (the first screen and Lighthouse) (comma-separated; the ceilings, the
 * console's reads and the cold start always run). Without `membership` the scale's members are
 * loaded directly instead of imported, so e.g. `--scale province --only reach,surveys` measures
 * notices and surveys over ten million members without the hour the other groups take there.
 *
 * `--import-rows` (default 1,000,000) members go through the roster import; at province scale the
 * other nine million are loaded directly first (bulk-members.ts), so the import is measured on
 * top of a province-sized table.
 *
 * Starts a fresh embedded PostgreSQL, loads generated data, measures this machine's own ceilings
 * (a trivial route, a raw COPY, a bare indexed SELECT) and each scenario in the same run, prints a
 * table and writes bench/results/<time>.json. Every figure is measured here, never assumed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { from as copyFrom } from 'pg-copy-streams';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { checkPlacement } from '../server/src/db/placement';
import { PLACEMENT } from '../server/src/modules';
import { createUserAccount } from '../server/src/modules/accounts/users.service';
import { createLogSmsProvider } from '../server/src/platform/sms';
import { openRuntime } from '../server/src/runtime';
import { freePort } from '../server/test/free-port';
import { benchAssistance } from './assistance-scenarios';
import { benchDemocracy } from './democracy-scenarios';
import {
  type EmployerRow,
  generateEmployers,
  generateOrganisations,
  type OrganisationRow,
  SCALES,
  type Scale,
  toCopyText,
} from './generate';
import { benchLighthouse } from './lighthouse';
import { benchMembership, loadMembersDirectly } from './membership-scenarios';
import { benchReach } from './reach-scenarios';
import { benchRights } from './rights-scenarios';
import { benchSurveys } from './survey-scenarios';

interface Row {
  scenario: string;
  value: number;
  unit: string;
  target: string | null;
  ceiling: number | null;
  ratio: number | null;
  pass: boolean | null;
}

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'city' },
    strict: { type: 'boolean', default: false },
    // Members that go through the roster import; the rest of the scale is loaded directly.
    'import-rows': { type: 'string', default: '1000000' },
    only: { type: 'string' },
  },
});
if (!(values.scale in SCALES)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
const GROUPS = ['membership', 'democracy', 'rights', 'assistance', 'reach', 'surveys', 'web'] as const;
const only = values.only === undefined ? new Set<string>(GROUPS) : new Set(values.only.split(',').map((g) => g.trim()));
for (const group of only)
  if (!(GROUPS as readonly string[]).includes(group)) throw new Error(`--only takes ${GROUPS.join(', ')}`);
const runs = (group: (typeof GROUPS)[number]) => only.has(group);
const scale = values.scale as Scale;
const PASSWORD = 'Bench-Password-2026';
// Smoke scale only keeps the suite running (CI's time); the other scales measure.
const LOAD_SECONDS = scale === 'smoke' ? 2 : 8;

const percentile = (samples: number[], p: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

async function timeEach(count: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await task(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Ten connections on loopback for LOAD_SECONDS. With `perConnection`, connection i sends the i-th
 * headers (one signed-in person per connection) on top of the shared ones.
 */
async function load(url: string, headers: Record<string, string> = {}, perConnection: Record<string, string>[] = []) {
  let opened = 0;
  // Every response's time, for exact percentiles (autocannon's own table has no p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: 10,
        duration: LOAD_SECONDS,
        headers,
        setupClient: (client) => {
          const own = perConnection[opened++ % Math.max(1, perConnection.length)];
          if (own) client.setHeaders({ ...headers, ...own });
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return {
    requestsPerSecond: result.requests.average,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
  };
}

async function copyRows(client: import('pg').PoolClient, table: string, columns: string[], text: string) {
  const sink = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
    sink.end(text);
  });
}

async function main() {
  const rows: Row[] = [];
  // Each printed row says when it was recorded, so a run shows where its minutes went.
  const began = performance.now();
  /** Adds a row; its ratio is value ÷ ceiling when a ceiling is given. */
  const record = (
    scenario: string,
    value: number,
    unit: string,
    options: { target?: string; ceiling?: number; pass?: boolean } = {},
  ) => {
    const ceiling = options.ceiling ?? null;
    rows.push({
      scenario,
      value,
      unit,
      target: options.target ?? null,
      ceiling,
      ratio: ceiling ? value / ceiling : null,
      pass: options.pass ?? null,
    });
    const at = Math.round((performance.now() - began) / 1000);
    process.stdout.write(`  [${at} s] ${scenario}: ${value.toFixed(value < 1 ? 3 : 1)} ${unit}\n`);
  };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-'));
  const env = {
    NODE_ENV: 'development',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'silent',
    GONGHUI_RATE_LIMIT_PER_MINUTE: '100000000',
    GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000000',
    GONGHUI_WEB_DIST: '/nonexistent',
  };
  const config = loadConfig(env);
  process.stdout.write(`Gonghui benchmark, scale ${scale}: generating…\n`);
  const organisations = generateOrganisations(scale);
  const employers = generateEmployers(organisations);
  const runtime = await openRuntime(config);
  const { db, pool } = runtime.database;
  try {
    // The schema as migrated, against the Citus placement of every table (also a test).
    const placementProblems = await checkPlacement(db, PLACEMENT);
    for (const problem of placementProblems) process.stdout.write(`  Citus schema check: ${problem}\n`);
    record('Citus schema check: keys without their distribution column', placementProblems.length, 'problems', {
      target: '0',
      pass: placementProblems.length === 0,
    });
    const organisationColumns: (keyof OrganisationRow)[] = [
      'id',
      'parentId',
      'path',
      'name',
      'type',
      'level',
      'regionCode',
    ];
    const employerColumns: (keyof EmployerRow)[] = [
      'id',
      'provinceCode',
      'name',
      'uscc',
      'industryCode',
      'ownershipType',
      'regionCode',
      'employeeCount',
      'organisationId',
      'coveringUnionId',
    ];
    const snake = (names: string[]) => names.map((n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const employerText = toCopyText(employers, employerColumns);
    let selectCeilingMs = 0;
    const client = await pool.connect();
    try {
      // Ceiling for writes: the same rows COPYed into a table with no index, key or trigger.
      await client.query('CREATE UNLOGGED TABLE copy_ceiling (LIKE employers INCLUDING DEFAULTS)');
      let started = performance.now();
      await copyRows(client, 'copy_ceiling', snake(employerColumns), employerText);
      const copyCeiling = employers.length / ((performance.now() - started) / 1000);
      record('ceiling: raw COPY into an unindexed table', copyCeiling, 'rows/s');
      await client.query('DROP TABLE copy_ceiling');

      await copyRows(
        client,
        'organisations',
        snake(organisationColumns),
        toCopyText(organisations, organisationColumns),
      );
      started = performance.now();
      await copyRows(client, 'employers', snake(employerColumns), employerText);
      const employerRate = employers.length / ((performance.now() - started) / 1000);
      record(`employers COPY with indexes (${employers.length} rows)`, employerRate, 'rows/s', {
        ceiling: copyCeiling,
      });
      await client.query(
        `SELECT setval(pg_get_serial_sequence('organisations', 'id'), (SELECT max(id) FROM organisations))`,
      );
      await client.query(`SELECT setval(pg_get_serial_sequence('employers', 'id'), (SELECT max(id) FROM employers))`);
      await client.query('ANALYZE');

      const lookups = await timeEach(2000, async (i) => {
        await client.query('SELECT id, name FROM employers WHERE id = $1', [1 + ((i * 7919) % employers.length)]);
      });
      selectCeilingMs = percentile(lookups, 95);
      record('ceiling: bare indexed SELECT p95', selectCeilingMs, 'ms');
    } finally {
      client.release();
    }

    const cities = organisations.filter((o) => o.level === 'city');
    const adminId = await db.transaction(async (tx) => {
      const admin = await createUserAccount({ cipher: runtime.cipher }, tx, null, {
        username: 'bench.admin',
        displayName: '基准管理员',
        kind: 'cadre',
        password: PASSWORD,
        role: 'federation_admin',
        organisationId: 1,
      });
      await createUserAccount({ cipher: runtime.cipher }, tx, null, {
        username: 'bench.city',
        displayName: '基准市干部',
        kind: 'cadre',
        password: PASSWORD,
        role: 'federation_cadre',
        organisationId: cities[0]!.id,
      });
      return admin.id;
    });

    const app = await buildApp({
      db,
      config,
      cipher: runtime.cipher,
      sms: createLogSmsProvider(() => {}),
      logger: false,
    });
    // The HTTP ceiling: a route that does nothing, served by the same server with the same hooks.
    app.get('/bench/ping', async () => ({ ok: true }));
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ping = await load(`${address}/bench/ping`);
      record('ceiling: trivial route', ping.requestsPerSecond, 'req/s');
      record('ceiling: trivial route p99', ping.p99, 'ms');

      const login = async (username: string) => {
        const response = await fetch(`${address}/api/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ login: username, password: PASSWORD }),
        });
        if (!response.ok) throw new Error(`login failed: ${response.status}`);
        return response.headers.getSetCookie()[0]!.split(';')[0]!;
      };
      const loginTimes = await timeEach(40, async () => {
        await login('bench.city');
      });
      const loginP95 = percentile(loginTimes, 95);
      record('login p95, no load (argon2id 19 MiB, t=2)', loginP95, 'ms', { target: '< 150', pass: loginP95 < 150 });

      const cookie = await login('bench.admin');
      const me = await load(`${address}/api/v1/me`, { cookie });
      record('GET /me under load (session lookup + profile)', me.requestsPerSecond, 'req/s', {
        ceiling: ping.requestsPerSecond,
      });
      record('GET /me p99 at that load', me.p99, 'ms');
      const district = organisations.find((o) => o.level === 'county')!;
      const detail = await load(`${address}/api/v1/organisations/${district.id}`, { cookie });
      record('organisation detail under load (scope check, ancestors, counts)', detail.requestsPerSecond, 'req/s', {
        ceiling: ping.requestsPerSecond,
      });
      record('organisation detail p99 at that load', detail.p99, 'ms');

      const get = async (url: string) => {
        const response = await fetch(`${address}${url}`, { headers: { cookie } });
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        await response.arrayBuffer();
      };
      const streets = organisations.filter((o) => o.level === 'street');
      const children = await timeEach(200, (i) =>
        get(`/api/v1/organisations?parentId=${streets[i % streets.length]!.id}&pageSize=50`),
      );
      const childrenP95 = percentile(children, 95);
      record('children of a street (page of 50) p95', childrenP95, 'ms');
      const words = ['华南', '珠江', '物流', '科技', '鑫源', '医药'];
      const search = await timeEach(200, (i) =>
        get(`/api/v1/employers?q=${encodeURIComponent(words[i % words.length]!)}&pageSize=20`),
      );
      const searchP95 = percentile(search, 95);
      record(`employer name search in ${employers.length} p95`, searchP95, 'ms');
      const byCode = await timeEach(200, (i) =>
        get(`/api/v1/employers?q=${employers[(i * 31) % employers.length]!.uscc}`),
      );
      record('employer by credit code p95', percentile(byCode, 95), 'ms');

      if (runs('membership')) {
        await benchMembership({
          scale,
          importRows: Number(values['import-rows']),
          record,
          db,
          config,
          cipher: runtime.cipher,
          organisations,
          employers,
          adminId,
          address,
          cookie,
          percentile,
          timeEach,
          load,
          ceilings: { selectP95: selectCeilingMs, trivialRequestsPerSecond: ping.requestsPerSecond },
          trivialNow: async () => (await load(`${address}/bench/ping`)).requestsPerSecond,
          env,
          databaseUrl: runtime.database.url,
        });
      } else {
        await loadMembersDirectly({ scale, record, db, cipher: runtime.cipher, organisations, employers });
      }
      // One object through the access layer: session, grants, the scoped look-up (scope in the WHERE
      // clause, loadInScope) and nothing else — a roster import the membership scenarios just ran —
      // with the trivial route measured on each side of it. A member's record is measured too: each
      // view of it also appends to the audit log's hash chain, which orders writes one at a time.
      if (runs('membership')) {
        const { rows } = await db.$client.query<{ id: string; member: string }>(
          'SELECT (SELECT id FROM roster_imports ORDER BY created_at LIMIT 1) AS id, (SELECT id FROM members ORDER BY id LIMIT 1) AS member',
        );
        const importUrl = `${address}/api/v1/membership/imports/${rows[0]!.id}`;
        const memberUrl = `${address}/api/v1/members/${rows[0]!.member}`;
        for (const url of [importUrl, memberUrl]) {
          const check = await fetch(url, { headers: { cookie } });
          if (!check.ok) throw new Error(`${url}: ${check.status}`);
        }
        const before = (await load(`${address}/bench/ping`)).requestsPerSecond;
        const one = await load(importUrl, { cookie });
        const after = (await load(`${address}/bench/ping`)).requestsPerSecond;
        const beside = (before + after) / 2;
        record('ceiling: trivial route beside the scoped GET (2 runs around it)', beside, 'req/s');
        record(
          'GET one object in scope under load (a roster import: session, grants, loadInScope)',
          one.requestsPerSecond,
          'req/s',
          {
            target: '≥ 30% of trivial route',
            ceiling: beside,
            pass: one.requestsPerSecond >= 0.3 * beside,
          },
        );
        record('GET one object in scope p99 at that load', one.p99, 'ms');
        const member = await load(memberUrl, { cookie });
        record('GET one member under load (each view audited in the hash chain)', member.requestsPerSecond, 'req/s', {
          ceiling: beside,
        });
      }
      if (runs('democracy'))
        await benchDemocracy({
          record,
          db,
          address,
          ceilings: { selectP95: selectCeilingMs, trivialRequestsPerSecond: ping.requestsPerSecond },
          password: PASSWORD,
          // Smoke scale (CI: the suite must keep running) is small, so CI keeps to its time.
          voters: scale === 'smoke' ? 1000 : 5000,
          encryptedVoters: scale === 'smoke' ? 100 : 5000,
        });
      if (runs('rights'))
        await benchRights({
          record,
          db,
          address,
          config,
          percentile,
          timeEach,
          password: PASSWORD,
          cases: SCALES[scale].members,
        });
      if (runs('assistance'))
        await benchAssistance({
          record,
          db,
          address,
          cipher: runtime.cipher,
          percentile,
          timeEach,
          password: PASSWORD,
          members: SCALES[scale].members,
        });
      if (runs('reach')) await benchReach({ record, db, address, percentile, timeEach, password: PASSWORD });
      if (runs('surveys'))
        await benchSurveys({
          record,
          db,
          address,
          percentile,
          timeEach,
          password: PASSWORD,
          httpCeiling: ping.requestsPerSecond,
          answers: scale === 'smoke' ? 100_000 : 1_000_000,
        });
      // The console's landing: the to-do counts, once every module's data is in (joins, cases,
      // assistance applications), for the province's administrator and for a city cadre.
      for (const [who, label] of [
        ['bench.admin', 'whole province'],
        ['bench.city', 'one city'],
      ] as const) {
        const session = await login(who);
        const todo = await timeEach(200, async () => {
          const response = await fetch(`${address}/api/v1/me/todo`, { headers: { cookie: session } });
          if (!response.ok) throw new Error(`/me/todo: ${response.status}`);
          await response.arrayBuffer();
        });
        const todoP95 = percentile(todo, 95);
        record(`cadre’s to-do counts, ${label} (HTTP) p95`, todoP95, 'ms', { target: '< 200', pass: todoP95 < 200 });
      }
    } finally {
      await app.close();
    }
    record('peak memory of the server process (RSS)', process.resourceUsage().maxRSS / 1024, 'MB');
  } finally {
    await runtime.close();
  }

  // The member app's first screen: the page, its entry script and the chunks it preloads (the shell
  // and the member home; each module's pages come later, in their own chunks), as sent gzipped.
  if (runs('web')) {
    const dist = path.resolve(import.meta.dirname, '../web/dist');
    if (!fs.existsSync(path.join(dist, 'index.html'))) {
      await new Promise<void>((resolve, reject) => {
        const build = spawn('npm', ['run', 'build'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'ignore' });
        build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`web build exited ${code}`))));
      });
    }
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const gzipped = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
    // The scripts the member home runs: the entry (boot.js starts it) and what boot.js preloads for
    // its first steps (the language, the app, the auth calls: main.tsx), with what they import, then
    // the lazily loaded shell, home and home cards with what they import (static imports only: a
    // page loaded later is not the first screen).
    const entry = /data-entry="\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!entry) throw new Error('bench: index.html names no entry script');
    const assets = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    const firstScreen = new Set<string>();
    const take = (file: string) => {
      if (firstScreen.has(file)) return;
      firstScreen.add(file);
      const code = fs.readFileSync(path.join(dist, file), 'utf8');
      for (const m of code.matchAll(/(?:import|from)\s*"\.\/([^"]+\.js)"/g)) take(`assets/${m[1]}`);
    };
    take(entry);
    const preload = /data-preload="([^"]*)"/.exec(html)?.[1];
    if (preload === undefined) throw new Error('bench: index.html names no scripts for boot.js to preload');
    for (const file of preload.split(' ').filter(Boolean)) take(file.slice(1));
    for (const lazy of [
      'MemberShell-',
      'MemberHome-',
      'HomeNotices-',
      'HomeCaseUpdates-',
      'HomeMessages-',
      'TabBadge-',
    ])
      for (const file of assets.filter((f) => f.startsWith(lazy))) take(`assets/${file}`);
    const bytes = gzipped('index.html') + gzipped('boot.js') + [...firstScreen].reduce((sum, f) => sum + gzipped(f), 0);
    record(
      `member home first screen, gzip (${firstScreen.size} scripts; ${assets.length - firstScreen.size} more load later)`,
      bytes / 1024,
      'KB',
    );
    // Lighthouse (mobile) on the sign-in page, the member home and the card, served as `npm start` does.
    await benchLighthouse(record, dist);
  }

  // Cold start: `gonghui serve` on the data directory just made, until /healthz answers.
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '../server/bin/gonghui.mjs'), 'serve'], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  for (;;) {
    if (child.exitCode !== null) throw new Error('gonghui serve exited during the cold-start measurement');
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const coldStart = performance.now() - started;
  record('cold start of gonghui serve, existing data dir', coldStart, 'ms', {
    target: '< 5000',
    pass: coldStart < 5000,
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });

  const cpus = os.cpus();
  process.stdout.write(
    `\nGonghui benchmark — scale ${scale} (${organisations.length} organisations, ${employers.length} employers) — ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB\n`,
  );
  console.table(
    rows.map((r) => ({
      scenario: r.scenario,
      value: Number(r.value.toFixed(r.value < 1 ? 3 : r.value < 10 ? 2 : 0)),
      unit: r.unit,
      target: r.target ?? '',
      ratio: r.ratio === null ? '' : `${(r.ratio * 100).toFixed(0)}%`,
      pass: r.pass === null ? '' : r.pass ? 'pass' : 'SHORT',
    })),
  );
  const file = path.resolve(
    import.meta.dirname,
    'results',
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${scale}${values.only ? `-${[...only].join('-')}` : ''}.json`,
  );
  fs.writeFileSync(
    file,
    `${JSON.stringify({ scale, only: values.only ? [...only] : null, date: new Date().toISOString(), machine: { cpus: cpus.length, model: cpus[0]?.model, memoryGiB: os.totalmem() / 2 ** 30 }, rows }, null, 2)}\n`,
  );
  process.stdout.write(`Results written to ${path.relative(process.cwd(), file)}\n`);
  if (values.strict && rows.some((r) => r.pass === false)) process.exitCode = 1;
}

await main();
