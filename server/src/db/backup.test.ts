import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDb, createTestDb, login, type TestDb, testConfig } from '../../test/helpers';
import { buildApp } from '../app';
import { buildMember, makeIdNumber } from '../modules/membership/membership.seed';
import { recordAudit, verifyAuditChain } from '../platform/audit';
import { createPiiCipher } from '../platform/crypto';
import { createLogSmsProvider } from '../platform/sms';
import { backupDatabase, restoreDatabase } from './backup';
import { connect } from './client';
import { migrateDatabase } from './migrate';
import { seedDemo } from './seed-demo';

let source: TestDb;
const cipher = createPiiCipher(Buffer.alloc(32, 7));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-backup-'));
beforeAll(async () => {
  source = await createTestDb();
  await seedDemo(source.db, cipher);
  // Some 120 KB of three-byte characters: the file's 16 KB chunks cannot all fall between them.
  await recordAudit(source.db, null, { action: 'calendar.set', changes: { note: '工会'.repeat(20_000) } });
});
afterAll(async () => {
  await source.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const counts = async (db: TestDb['db']) =>
  (
    await db.execute(sql`SELECT
      (SELECT count(*) FROM organisations) AS organisations, (SELECT count(*) FROM employers) AS employers,
      (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM audit_log) AS audit`)
  ).rows[0];

/** Every table's rows as text, hashed: equal only if every value came back byte for byte. */
const fingerprints = async (db: TestDb['db']) => {
  const tables = await db.execute<{ name: string }>(
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
  );
  const out: Record<string, string | null> = {};
  for (const { name } of tables.rows) {
    const result = await db.execute<{ md5: string | null }>(
      sql.raw(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM "${name}" t`),
    );
    out[name] = result.rows[0]!.md5;
  }
  return out;
};

/** The backup with one row of the organisations table replaced by text COPY refuses, gzip'd again. */
function rowGarbled(plain: Buffer): Buffer {
  const lines = plain.toString('utf8').split('\n');
  const start = lines.indexOf(JSON.stringify({ table: 'organisations' }));
  expect(lines[start + 1]).not.toBe('\\.');
  lines[start + 1] = 'not\ta\trow';
  return zlib.gzipSync(Buffer.from(lines.join('\n')));
}

describe('backup and restore', () => {
  it('restores into an empty database with every row, the audit chain intact and sequences continued', async () => {
    const file = path.join(dir, 'full.gz');
    await backupDatabase(source.pool, file);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const empty = await createEmptyDb();
    const target = connect(empty.url);
    try {
      await migrateDatabase(target.db, target.pool);
      await restoreDatabase(target.pool, file);
      expect(await counts(target.db)).toEqual(await counts(source.db));
      // Chinese text whose bytes fell across two of the file's chunks included.
      expect(await fingerprints(target.db)).toEqual(await fingerprints(source.db));
      expect(await verifyAuditChain(target.db)).toMatchObject({
        ok: true,
        headHash: (await verifyAuditChain(source.db)).headHash,
      });
      const names = await target.db.execute(sql`SELECT name FROM organisations ORDER BY id LIMIT 1`);
      expect(names.rows[0]).toEqual({ name: '广东省总工会' });
      // New rows continue after the restored ids.
      await target.db.execute(
        sql`INSERT INTO organisations (parent_id, path, name, type, level, region_code) VALUES (1, '1.999', '新组织', 'federation', 'city', '440200')`,
      );
    } finally {
      await target.pool.end();
      await empty.drop();
    }
  });

  it('continues every sequence: after a restore, new members, cases and applications are created as usual', async () => {
    const file = path.join(dir, 'sequences.gz');
    await backupDatabase(source.pool, file);
    const empty = await createEmptyDb();
    const target = connect(empty.url);
    try {
      await migrateDatabase(target.db, target.pool);
      await restoreDatabase(target.pool, file);
      const app = await buildApp({
        db: target.db,
        config: testConfig(),
        cipher,
        sms: createLogSmsProvider(() => {}),
        logger: false,
      });
      try {
        const gz = await login(app, 'gz.cadre');
        const union = await target.db.execute(
          sql`SELECT id FROM organisations WHERE name = '天河软件园科技有限公司工会'`,
        );
        const organisationId = (union.rows[0] as { id: number }).id;
        // A member number comes from a sequence no column owns: it must not repeat a restored one.
        const member = await buildMember(target.db, cipher, {
          organisationId,
          name: '恢复后',
          idNumber: makeIdNumber('440106', '19910909', 919),
        });
        const restored = await target.db.execute(
          sql`SELECT count(*)::int AS n FROM members WHERE member_number = ${member.memberNumber}`,
        );
        expect(restored.rows[0]).toEqual({ n: 1 });
        const filed = await app.inject({
          method: 'POST',
          url: '/api/v1/rights/cases',
          headers: gz.headers,
          payload: { category: 'consultation', title: '恢复后咨询', description: '恢复后登记的咨询', organisationId },
        });
        expect(filed.statusCode, filed.body).toBe(201);
        const file = await target.db.execute(sql`SELECT member_id, organisation_id FROM hardship_files LIMIT 1`);
        const programme = await target.db.execute(
          sql`SELECT id FROM assistance_programmes WHERE kind = 'emergency' LIMIT 1`,
        );
        const applied = await app.inject({
          method: 'POST',
          url: '/api/v1/assistance/applications',
          headers: gz.headers,
          payload: {
            programmeId: (programme.rows[0] as { id: number }).id,
            memberId: (file.rows[0] as { member_id: number }).member_id,
            reason: '家中突发变故，急需救助。',
            requestedFen: 100_000,
            bankAccount: { bankName: '中国工商银行', accountName: '测试', accountNumber: '6222020200112233445' },
            consent: true,
          },
        });
        expect(applied.statusCode, applied.body).toBe(201);
      } finally {
        await app.close();
      }
    } finally {
      await target.pool.end();
      await empty.drop();
    }
  });

  it('fails fast on a cut or damaged backup, naming it, and leaves the target empty', async () => {
    const file = path.join(dir, 'whole.gz');
    await backupDatabase(source.pool, file);
    const whole = fs.readFileSync(file);
    const plain = zlib.gunzipSync(whole);
    expect(plain.includes('{"table":"vote_roll"}')).toBe(true);
    const damaged: [string, Buffer][] = [
      ['cut in the middle', whole.subarray(0, Math.floor(whole.length / 2))],
      ['a flipped byte', Buffer.from(whole.map((b, i) => (i === Math.floor(whole.length / 3) ? b ^ 0xff : b)))],
      [
        'cut cleanly after some tables',
        zlib.gzipSync(plain.subarray(0, plain.lastIndexOf('\\.\n', plain.length / 2) + 3)),
      ],
      // A byte changed in a table's name (whole gzip, so only the content can say): wherever the
      // flipped byte above happens to land, this case always lands in a name.
      [
        'a table renamed inside, gzip whole',
        zlib.gzipSync(Buffer.from(plain.toString('utf8').replace('{"table":"vote_roll"}', '{"table":"vote_rolX"}'))),
      ],
      ['not a backup at all', Buffer.from('hello')],
      ['a row COPY cannot read, in a file that is otherwise whole', rowGarbled(plain)],
    ];
    const empty = await createEmptyDb();
    const target = connect(empty.url);
    try {
      await migrateDatabase(target.db, target.pool);
      for (const [name, content] of damaged) {
        const broken = path.join(dir, 'broken.gz');
        fs.writeFileSync(broken, content);
        await expect(restoreDatabase(target.pool, broken), name).rejects.toThrow(
          /damaged|cut short|not a Gonghui backup/,
        );
        expect(Object.values((await counts(target.db)) ?? {}).map(Number), name).toEqual([0, 0, 0, 0]);
      }
      // And the target is still good for a whole backup.
      await restoreDatabase(target.pool, file);
      expect(await counts(target.db)).toEqual(await counts(source.db));
    } finally {
      await target.pool.end();
      await empty.drop();
    }
  });

  it('refuses to restore over existing data and changes nothing', async () => {
    const file = path.join(dir, 'again.gz');
    await backupDatabase(source.pool, file);
    const before = await counts(source.db);
    await expect(restoreDatabase(source.pool, file)).rejects.toThrow(/not empty/);
    expect(await counts(source.db)).toEqual(before);
  });
});
