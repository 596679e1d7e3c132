import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startServer } from './server-process';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A data directory that `gonghui serve --seed-demo` has initialised and seeded, then stopped. */
    seededDataDir: string;
  }
}

/**
 * The demo federation once per run: `gonghui serve --seed-demo` on a fresh data directory, as
 * `npm start` does on its first run (CI's start step checks that run itself), stopped cleanly.
 * Each test file's server starts on a copy of it, so it skips creating the database and seeding
 * (about 9 s against 3 s to healthy here).
 */
export default async function setup(project: TestProject) {
  const server = await startServer();
  const dataDir = server.dataDir;
  await server.stop({ keepData: true });
  // Copied only once its PostgreSQL has shut down cleanly (the server waits for that before exiting).
  if (fs.existsSync(`${dataDir}/pg/postmaster.pid`)) throw new Error('the seeded server left PostgreSQL running');
  project.provide('seededDataDir', dataDir);
  return () => fs.rmSync(dataDir, { recursive: true, force: true });
}
