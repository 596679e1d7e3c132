import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port';
import { loadConfig } from '../config';
import { loadMasterKey } from '../platform/crypto';
import { ensureReachableByPostgres, startEmbeddedPostgres, stopOrphanedPostgres } from './embedded';

describe('the embedded data directory', () => {
  it('refuses a second server on a data dir another live process holds, at once and clearly', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-lock-'));
    try {
      // The test runner's parent process is alive and is not us: it stands in for a running Gonghui.
      fs.writeFileSync(path.join(dataDir, 'gonghui.lock'), String(process.ppid));
      const started = Date.now();
      await expect(startEmbeddedPostgres({ dataDir, port: 1 })).rejects.toThrow(/in use by another Gonghui process/);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(fs.existsSync(path.join(dataDir, 'pg'))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('after the app alone is killed (kill -9)', () => {
  it('the next start recognises the PostgreSQL it left running as its own, stops it and starts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-orphan-'));
    const port = await freePort();
    const script = path.join(dataDir, 'first.mts');
    fs.writeFileSync(
      script,
      `import { startEmbeddedPostgres } from ${JSON.stringify(path.join(path.dirname(fileURLToPath(import.meta.url)), 'embedded.ts'))};
       await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, notice: () => {} });
       console.log('ready');
       setInterval(() => {}, 1000);`,
    );
    const first = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        first.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        first.on('exit', (code) => reject(new Error(`the first app exited (${code})`)));
      });
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const orphan = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(() => process.kill(orphan, 0)).not.toThrow(); // its PostgreSQL outlived it
      const notices: string[] = [];
      const server = await startEmbeddedPostgres({ dataDir, port, notice: (line) => notices.push(line) });
      try {
        expect(notices.join('\n')).toContain('left running');
        const client = new pg.Client({ connectionString: server.url });
        await client.connect();
        expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
        await client.end();
      } finally {
        await server.stop();
      }
    } finally {
      first.kill('SIGKILL');
      await stopOrphanedPostgres(path.join(dataDir, 'pg')).catch(() => false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('running as root', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'opens a private checkout to the postgres user for traversal only, and says so',
    () => {
      const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-private-'));
      try {
        expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
        const dataDir = path.join(privateDir, 'checkout', 'data');
        fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
        const notices: string[] = [];
        ensureReachableByPostgres(dataDir, (line) => notices.push(line));
        expect(fs.statSync(privateDir).mode & 0o777).toBe(0o701);
        expect(fs.statSync(dataDir).mode & 0o777).toBe(0o755);
        expect(notices.some((line) => line.includes(privateDir))).toBe(true);
      } finally {
        fs.rmSync(privateDir, { recursive: true, force: true });
      }
    },
  );
});

describe('keys and configuration', () => {
  it('generates the master key into the data dir with mode 0600, and reuses it', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-key-'));
    try {
      const first = loadMasterKey({ fromEnv: undefined, dataDir });
      expect(first).toHaveLength(32);
      expect((fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777).toString(8)).toBe('600');
      expect(loadMasterKey({ fromEnv: undefined, dataDir }).equals(first)).toBe(true);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('requires GONGHUI_MASTER_KEY in production and reports bad settings by name', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/GONGHUI_MASTER_KEY: required/);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    const config = loadConfig({ NODE_ENV: 'production', GONGHUI_MASTER_KEY: 'a'.repeat(64) });
    expect(config.requireTotp).toBe(true);
    expect(config.secureCookies).toBe(true);
    expect(loadConfig({}).requireTotp).toBe(false);
  });
});
