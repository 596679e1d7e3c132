import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simulateVote } from '@gonghui/contract/ballots';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDb, createTestDb, type TestDb } from '../test/helpers';
import { DEMO_ACCOUNTS, seedDemo } from './db/seed-demo';
import { makeIdNumber } from './modules/membership/membership.seed';
import { createPiiCipher } from './platform/crypto';

const MASTER_KEY = 'ab'.repeat(32);
const bin = path.resolve(import.meta.dirname, '../bin/gonghui.mjs');
let t: TestDb;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-cli-'));

function gonghui(args: string[], env: Record<string, string> = {}, databaseUrl = t.url) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      GONGHUI_MASTER_KEY: MASTER_KEY,
      GONGHUI_DATA_DIR: dir,
      ...env,
    },
    encoding: 'utf8',
    input: '',
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, createPiiCipher(Buffer.from(MASTER_KEY, 'hex')));
});
afterAll(async () => {
  await t.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('gonghui CLI', () => {
  it('imports a roster on a cadre’s authority, refusing what lies outside their scope', async () => {
    const union = async (name: string) =>
      String((await t.db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE name = ${name}`)).rows[0]!.id);
    const file = path.join(dir, '名册.csv');
    fs.writeFileSync(file, '姓名,身份证号\n陶一,110101199001011237\n陶二,11010119900101123X\n');
    const ok = gonghui([
      'members',
      'import',
      file,
      '--organisation',
      await union('北京路百货有限公司工会'),
      '--as',
      'gz.cadre',
      '--json',
    ]);
    expect(ok.status, ok.output).toBe(0);
    const result = JSON.parse(ok.output.trim().split('\n').pop()!);
    expect(result).toMatchObject({ status: 'done', totalRows: 2 });
    expect(result.createdRows + result.rejectedRows).toBe(2);
    expect(result.peakRssMb).toBeGreaterThan(0);
    // The import runs under a capped heap (bin/gonghui.mjs), whatever the machine's memory.
    expect(result.heapLimitMb).toBeLessThan(512);
    const refused = gonghui([
      'members',
      'import',
      file,
      '--organisation',
      await union('深圳市总工会'),
      '--as',
      'gz.cadre',
    ]);
    expect(refused.status).toBe(1);
    const badCap = gonghui(['members', 'import', file, '--organisation', '1', '--as', 'gz.cadre'], {
      GONGHUI_IMPORT_HEAP_MB: 'lots',
    });
    expect(badCap.status).toBe(1);
    expect(badCap.output).toMatch(/GONGHUI_IMPORT_HEAP_MB/);
  });

  it('creates a user, refusing a weak password with the reason', async () => {
    const organisation = String(
      (await t.db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '深圳市总工会'`)).rows[0]!.id,
    );
    const args = [
      'user',
      'create',
      '--username',
      'sz.admin',
      '--display-name',
      '深圳管理员',
      '--organisation',
      organisation,
      '--role',
      'federation_admin',
    ];
    const weak = gonghui(args, { GONGHUI_NEW_PASSWORD: 'short' });
    expect(weak.status).toBe(1);
    expect(weak.output).toContain('password: The password needs at least 12 characters');
    const ok = gonghui(args, { GONGHUI_NEW_PASSWORD: 'Pearl-River-Delta-2026' });
    expect(ok.output).toContain('Created sz.admin');
    expect(ok.status).toBe(0);
  });

  it('verifies the audit chain, and fails naming the row once it is tampered with', async () => {
    const intact = gonghui(['audit', 'verify']);
    expect(intact.status).toBe(0);
    expect(intact.output).toMatch(/Audit chain intact: \d+ rows/);
    const { rows } = await t.db.execute<{ id: number }>(sql`SELECT id FROM audit_log ORDER BY id OFFSET 3 LIMIT 1`);
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
      await tx.execute(sql`UPDATE audit_log SET actor_name = '冒名者' WHERE id = ${rows[0]!.id}`);
    });
    const broken = gonghui(['audit', 'verify']);
    expect(broken.status).toBe(1);
    expect(broken.output).toContain(`BROKEN at row ${rows[0]!.id}`);
  });

  it('backs up and restores into an empty database', async () => {
    const file = path.join(dir, 'backup.gz');
    expect(gonghui(['backup', file]).status).toBe(0);
    const empty = await createEmptyDb();
    try {
      const restored = gonghui(['restore', file], {}, empty.url);
      expect(restored.output).toMatch(/Restored \d+ rows/);
      expect(restored.status).toBe(0);
      const again = gonghui(['restore', file], {}, empty.url);
      expect(again.status).toBe(1);
      expect(again.output).toContain('not empty');
    } finally {
      await empty.drop();
    }
  });

  it('creates the root federation of a new deployment', async () => {
    const empty = await createEmptyDb();
    try {
      const bad = gonghui(
        ['organisation', 'create-root', '--name', '海南省总工会', '--region-code', '990000'],
        {},
        empty.url,
      );
      expect(bad.status).toBe(1);
      expect(bad.output).toContain('A region code has 6 digits');
      const ok = gonghui(
        ['organisation', 'create-root', '--name', '海南省总工会', '--region-code', '460000'],
        {},
        empty.url,
      );
      expect(ok.output).toMatch(/Created 海南省总工会 with id 1\./);
      expect(gonghui(['audit', 'verify'], {}, empty.url).output).toContain('Audit chain intact: 1 rows');
    } finally {
      await empty.drop();
    }
  });

  it('leaves nothing behind when killed in the middle of a write, and the write can then be redone', async () => {
    const empty = await createEmptyDb();
    const client = new pg.Client({ connectionString: empty.url });
    try {
      expect(gonghui(['migrate'], {}, empty.url).status).toBe(0);
      await client.connect();
      const child = spawn(process.execPath, [bin, 'seed', '--demo'], {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: empty.url,
          GONGHUI_MASTER_KEY: MASTER_KEY,
          GONGHUI_DATA_DIR: dir,
        },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Wait until the seed's transaction has written something, then kill the process outright.
      const deadline = Date.now() + 20_000;
      for (;;) {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'gonghui' AND backend_xid IS NOT NULL
             AND query ILIKE 'insert into%'`,
        );
        if (rows[0].n > 0) break;
        if (Date.now() > deadline) throw new Error('the seed never started writing');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      child.kill('SIGKILL');
      await exited;
      for (;;) {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'gonghui'`,
        );
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const counts = async () =>
        (
          await client.query(
            `SELECT (SELECT count(*) FROM organisations)::int AS organisations, (SELECT count(*) FROM users)::int AS users,
                    (SELECT count(*) FROM audit_log)::int AS audit`,
          )
        ).rows[0];
      expect(await counts()).toEqual({ organisations: 0, users: 0, audit: 0 });
      expect(gonghui(['seed', '--demo'], {}, empty.url).status).toBe(0);
      expect((await counts()).users).toBe(DEMO_ACCOUNTS.length);
      expect(gonghui(['audit', 'verify'], {}, empty.url).status).toBe(0);
    } finally {
      await client.end();
      await empty.drop();
    }
  });

  it('passes a SIGTERM on to the import it runs under the heap cap, so the import stops with it', async () => {
    // `members import` runs in a child process with the heap cap (bin/gonghui.mjs); a SIGTERM sent
    // to the command alone, as a service manager sends it, must stop the import too.
    const [union] = (
      await t.db.execute<{ id: number }>(sql`SELECT id FROM organisations WHERE name = '北京路百货有限公司工会'`)
    ).rows;
    const file = path.join(dir, 'long.csv');
    const lines = ['姓名,身份证号'];
    for (let i = 0; i < 30_000; i++) {
      const birth = new Date(Date.UTC(1970, 0, 1 + Math.floor(i / 1000))).toISOString().slice(0, 10);
      lines.push(`陶信号,${makeIdNumber('440104', birth.replace(/-/g, ''), i)}`);
    }
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const command = spawn(
      process.execPath,
      [bin, 'members', 'import', file, '--organisation', String(union!.id), '--as', 'gz.cadre'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: t.url,
          GONGHUI_MASTER_KEY: MASTER_KEY,
          GONGHUI_DATA_DIR: dir,
        },
        stdio: 'ignore',
      },
    );
    const exited = new Promise<number | null>((resolve) => command.once('exit', (code) => resolve(code)));
    const job = async () =>
      (
        await t.db.execute<{ id: string; status: string }>(
          sql`SELECT id, status FROM roster_imports WHERE file_name = 'long.csv'`,
        )
      ).rows[0];
    const deadline = Date.now() + 30_000;
    while ((await job())?.status !== 'running') {
      if (Date.now() > deadline) throw new Error('the import never started');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const importer = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(command.pid)], { encoding: 'utf8' }));
    expect(importer).toBeGreaterThan(0);
    command.kill('SIGTERM');
    expect(await exited).not.toBe(0);
    // The import process is gone, and with it the import: it never finished the file.
    const alive = () => {
      try {
        process.kill(importer, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await job())?.status).toBe('running');
  });

  it('refuses the demo seed in production, whichever way it is asked for', () => {
    for (const args of [
      ['serve', '--seed-demo'],
      ['seed', '--demo'],
    ]) {
      const result = gonghui(args, { NODE_ENV: 'production', PORT: '0' });
      expect(result.status, args.join(' ')).toBe(1);
      expect(result.output).toContain('refused when NODE_ENV=production');
    }
  });

  it('verifies a secret vote’s bulletin board, and names what failed on a tampered one', () => {
    const { board } = simulateVote({
      election: 'cli.test/votes/1',
      kind: 'election',
      options: ['甲', '乙', '丙'],
      maxChoices: 2,
      voters: [
        { weight: 1, choices: [1, 2] },
        { weight: 2, choices: [3] },
        { weight: 1, choices: [] },
      ],
    });
    const file = path.join(dir, 'board.json');
    fs.writeFileSync(file, JSON.stringify(board));
    const good = gonghui(['verify-election', file]);
    expect(good.status, good.output).toBe(0);
    expect(good.output).toContain('The bulletin board verifies');
    expect(good.output).toMatch(/甲: 1\n\s+乙: 1\n\s+丙: 2\n\s+\(blank\): 1/);
    board.tally!.totals[2] = 3;
    fs.writeFileSync(file, JSON.stringify(board));
    const bad = gonghui(['verify-election', file]);
    expect(bad.status).toBe(1);
    expect(bad.output).toContain('FAIL Totals: The published totals are not the decrypted ones (1, 1, 2, 1)');
    fs.writeFileSync(file, '{ not json');
    expect(gonghui(['verify-election', file]).output).toContain('Not a readable JSON file');
  });

  it('explains a bad setting instead of starting', () => {
    const result = gonghui(['migrate'], { PORT: 'eighty' });
    expect(result.status).toBe(1);
    expect(result.output).toContain('PORT');
  });
});
