import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { loadMasterKey } from '../platform/crypto';
import { ensureReachableByPostgres, startEmbeddedPostgres } from './embedded';

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
