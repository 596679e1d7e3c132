import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../server/test/free-port';

// The server a test file runs against, as a process (no vitest here: the global setup uses it too).

const root = path.resolve(import.meta.dirname, '..');

export interface RunningServer {
  url: string;
  dataDir: string;
  /** Everything the server printed so far (the development SMS provider writes codes there). */
  output(): string;
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * A copy of the seeded data directory, owners and modes kept (under root the database's files
 * belong to `postgres`, which must own them to start).
 */
function copyOfSeeded(seeded: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-e2e-'));
  const result = spawnSync('cp', ['-a', `${seeded}/.`, copy], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`copying the seeded data directory: ${result.stderr}`);
  return copy;
}

/**
 * Starts `gonghui serve --seed-demo` as `npm start` does, on an embedded data dir: a fresh one, or
 * a copy of one already seeded (`from`; e2e/global-setup.ts makes it once per run).
 */
export async function startServer(from?: string): Promise<RunningServer> {
  const dataDir = from ? copyOfSeeded(from) : fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['server/bin/gonghui.mjs', 'serve', '--seed-demo'], {
    cwd: root,
    env: {
      ...process.env,
      GONGHUI_DATA_DIR: dataDir,
      PORT: String(port),
      GONGHUI_EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    dataDir,
    output: () => output,
    async stop(options = {}) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (!options.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
