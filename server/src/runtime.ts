import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, rolePermissionsOf } from './app';
import type { Config } from './config';
import { type Database, openDatabase } from './db/client';
import { migrateDatabase } from './db/migrate';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isDatabaseEmpty, seedDemo } from './db/seed-demo';
import { MODULES } from './modules';
import { createPiiCipher, loadMasterKey, type PiiCipher } from './platform/crypto';
import { startJobs } from './platform/jobs';
import { createDisabledSmsProvider, createLogSmsProvider } from './platform/sms';
import { createLogWechatProvider } from './platform/wechat';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export interface Runtime {
  database: Database;
  cipher: PiiCipher;
  close(): Promise<void>;
}

/** Opens the database (starting the embedded server if needed), migrates it, loads the key. */
export async function openRuntime(config: Config): Promise<Runtime> {
  const cipher = createPiiCipher(loadMasterKey({ fromEnv: config.masterKey, dataDir: config.dataDir }));
  const database = await openDatabase(config);
  try {
    await migrateDatabase(database.db, database.pool);
  } catch (error) {
    await database.close();
    throw error;
  }
  return { database, cipher, close: () => database.close() };
}

const webRoot = path.resolve(import.meta.dirname, '../../web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the web app when its build is missing or older than its sources. */
export function buildWebIfStale(webDist: string): void {
  const index = path.join(webDist, 'index.html');
  const sources = path.join(webRoot, 'src');
  if (!fs.existsSync(sources)) return;
  const newestSource = Math.max(newestMtime(sources), fs.statSync(path.join(webRoot, 'index.html')).mtimeMs);
  const isFresh = fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSource;
  if (isFresh) return;
  say('Building the web app (first run only)…');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', webDist, '--emptyOutDir'], {
    cwd: webRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('The web app did not build');
}

export async function serve(config: Config, options: { seedDemo: boolean; buildWeb: boolean }) {
  if (options.buildWeb) buildWebIfStale(config.webDist);
  const runtime = await openRuntime(config);
  let app: FastifyInstance | null = null;
  let stopJobs = () => {};
  const shutdown = async (signal: string) => {
    say(`\n${signal}: shutting down…`);
    stopJobs();
    await app?.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  try {
    const { db } = runtime.database;
    const shouldSeed = options.seedDemo && runtime.database.isEmbedded && (await isDatabaseEmpty(db));
    if (shouldSeed) {
      say('Seeding the demo federation…');
      await seedDemo(db, runtime.cipher);
    }
    // No carrier gateway ships with Gonghui: development logs the codes and texts, production turns
    // SMS off (messages still reach the inbox; their SMS deliveries show as failed). WeChat has
    // only its logging adapter here.
    const sms =
      config.env === 'production' ? createDisabledSmsProvider() : createLogSmsProvider((line) => app?.log.info(line));
    const wechat = createLogWechatProvider((line) => app?.log.info(line));
    app = await buildApp({ db, config, cipher: runtime.cipher, sms, wechat });
    await app.listen({ host: config.host, port: config.port });
    const url = `http://${config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host}:${config.port}`;
    // "Ready" counts from the process's start (the web build and the database included), and the
    // banner is one write, so no request or job log line lands inside it.
    const banner = [
      '',
      `Gonghui is running at ${url}  (API docs: ${url}/api/docs)  — ready in ${Math.round(process.uptime() * 1000)} ms`,
      `Database: ${runtime.database.isEmbedded ? `embedded PostgreSQL in ${config.dataDir}` : 'DATABASE_URL'}`,
    ];
    if (options.seedDemo && runtime.database.isEmbedded) {
      banner.push(`Demo accounts (password for all: ${DEMO_PASSWORD}):`);
      for (const account of DEMO_ACCOUNTS) banner.push(`  ${account.username.padEnd(12)} ${account.description}`);
      banner.push('  SMS login: use mobile 13800138000; the code appears in this log.');
    }
    banner.push('Press Ctrl+C to stop.');
    say(banner.join('\n'));
    // Scheduled work starts once the banner is out (its first runs log).
    stopJobs = await startJobs(
      MODULES,
      { db, cipher: runtime.cipher, config, rolePermissions: rolePermissionsOf(MODULES), sms, wechat },
      (line) => app?.log.info(line),
    );
  } catch (error) {
    await app?.close();
    await runtime.close();
    throw error;
  }
}
