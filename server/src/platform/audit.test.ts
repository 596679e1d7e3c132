import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers';
import { maskChanges, recordAudit, verifyAuditChain } from './audit';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  for (let i = 0; i < 12; i++) {
    await recordAudit(t.db, null, {
      action: 'calendar.set',
      subjectType: 'calendar_day',
      subjectId: i,
      changes: { note: String(i) },
    });
  }
});
afterAll(() => t.drop());

/** Tampering needs the triggers out of the way, as only a superuser with direct access could. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    await tx.execute(statement);
  });
}

describe('the audit chain', () => {
  it('verifies an untouched chain', async () => {
    const result = await verifyAuditChain(t.db, 5);
    expect(result).toMatchObject({ ok: true, checked: 12, firstBrokenId: null });
    expect(result.headHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.db.execute(sql`UPDATE audit_log SET action = 'x'`)).rejects.toThrow();
    await expect(t.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(t.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.db.transaction((tx) => recordAudit(tx, null, { action: 'calendar.set', subjectId: i })),
      ),
    );
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('names the first altered row', async () => {
    const { rows } = await t.db.execute<{ id: number }>(sql`SELECT id FROM audit_log ORDER BY id OFFSET 4 LIMIT 1`);
    const target = Number(rows[0]!.id);
    await tamper(sql`UPDATE audit_log SET changes = '{"n": 999}' WHERE id = ${target}`);
    const result = await verifyAuditChain(t.db, 3);
    expect(result).toMatchObject({ ok: false, firstBrokenId: target, checked: 4 });
    expect(result.reason).toContain('altered');
  });

  it('names the row after one that was removed', async () => {
    const fresh = await createTestDb();
    try {
      for (let i = 0; i < 5; i++) await recordAudit(fresh.db, null, { action: 'calendar.set', subjectId: i });
      const { rows } = await fresh.db.execute<{ id: number }>(sql`SELECT id FROM audit_log ORDER BY id`);
      await fresh.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`DELETE FROM audit_log WHERE id = ${rows[2]!.id}`);
      });
      const result = await verifyAuditChain(fresh.db);
      expect(result).toMatchObject({ ok: false, firstBrokenId: Number(rows[3]!.id) });
      expect(result.reason).toContain('removed');
    } finally {
      await fresh.drop();
    }
  });
});

describe('masking what reaches the trail', () => {
  it('masks phone and ID numbers and drops secrets, keeping ordinary codes', () => {
    expect(
      maskChanges({
        mobile: { from: '13812345678', to: '13987654321' },
        idNumber: '11010519491231002X',
        newPassword: 'hunter2hunter2',
        regionCode: '440106',
        name: '张三',
      }),
    ).toEqual({
      mobile: { from: '138****5678', to: '139****4321' },
      idNumber: '110105********002X',
      newPassword: '[redacted]',
      regionCode: '440106',
      name: '张三',
    });
  });
});
