/**
 * The benchmark harness: starts the real server on a fresh embedded PostgreSQL, runs each
 * scenario, prints a table and writes bench/results/<time>.json. Scenarios grow with each module
 * (the generator and the load scenarios belong to the benchmark-suite issue).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { DEMO_PASSWORD, seedDemo } from '../server/src/db/seed-demo';
import { createLogSmsProvider } from '../server/src/modules/accounts/sms-provider';
import { openRuntime } from '../server/src/runtime';

interface Row {
  scenario: string;
  value: number;
  unit: string;
  target: number | null;
  ceiling: number | null;
  ratio: number | null;
  pass: boolean | null;
}

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'smoke' } } });
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-bench-'));
  const config = loadConfig({
    NODE_ENV: 'development',
    GONGHUI_DATA_DIR: dataDir,
    GONGHUI_EMBEDDED_PG_PORT: '54398',
    LOG_LEVEL: 'silent',
    GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  });
  const runtime = await openRuntime(config);
  const rows: Row[] = [];
  try {
    await seedDemo(runtime.database.db, runtime.cipher);
    const app = await buildApp({
      db: runtime.database.db,
      config,
      cipher: runtime.cipher,
      sms: createLogSmsProvider(() => {}),
      logger: false,
    });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });

    // Login without load: argon2id at OWASP parameters is the cost being checked.
    const timings: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      const response = await fetch(`${address}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'gz.cadre', password: DEMO_PASSWORD }),
      });
      if (!response.ok) throw new Error(`login failed: ${response.status}`);
      timings.push(performance.now() - started);
    }
    timings.sort((a, b) => a - b);
    const p95 = percentile(timings, 95);
    rows.push({
      scenario: 'login p50 (no load)',
      value: percentile(timings, 50),
      unit: 'ms',
      target: null,
      ceiling: null,
      ratio: null,
      pass: null,
    });
    rows.push({
      scenario: 'login p95 (no load)',
      value: p95,
      unit: 'ms',
      target: 150,
      ceiling: null,
      ratio: null,
      pass: p95 < 150,
    });
    await app.close();
  } finally {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(
    `\nGonghui benchmark — scale ${values.scale} — ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB\n`,
  );
  console.table(rows.map((r) => ({ ...r, value: Number(r.value.toFixed(1)) })));
  const file = path.resolve(import.meta.dirname, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ scale: values.scale, date: new Date().toISOString(), rows }, null, 2)}\n`);
  console.log(`Results written to ${path.relative(process.cwd(), file)}`);
  if (rows.some((r) => r.pass === false)) process.exitCode = 1;
}

await main();
