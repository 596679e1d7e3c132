import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDb, createTestDb, type TestDb } from '../../test/helpers';
import { verifyAuditChain } from '../platform/audit';
import { createPiiCipher } from '../platform/crypto';
import { backupDatabase, restoreDatabase } from './backup';
import { connect } from './client';
import { migrateDatabase } from './migrate';
import { seedDemo } from './seed-demo';

let source: TestDb;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-backup-'));
beforeAll(async () => {
  source = await createTestDb();
  await seedDemo(source.db, createPiiCipher(Buffer.alloc(32, 7)));
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

  it('refuses to restore over existing data and changes nothing', async () => {
    const file = path.join(dir, 'again.gz');
    await backupDatabase(source.pool, file);
    const before = await counts(source.db);
    await expect(restoreDatabase(source.pool, file)).rejects.toThrow(/not empty/);
    expect(await counts(source.db)).toEqual(before);
  });
});
