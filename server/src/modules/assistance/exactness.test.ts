import { spawn } from 'node:child_process';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { auditLog } from '../../platform/audit.tables';
import { organisations } from '../../platform/organisations.tables';
import { todayInChina } from '../../platform/working-days';
import { users } from '../accounts/accounts.tables';
import { assistanceApplications, assistanceBatches, assistanceBudgets, assistancePayments } from './assistance.tables';
import { findBatchRow, recordResults } from './payments.service';

// Money must be exact under concurrency and crashes. The app runs on a pool of 20 connections to a
// real PostgreSQL server, so the approvals below really race each other in the database.
const APPLICATIONS = 200;
const COVERED = 50;
const AMOUNT = 1_000;

let t: TestApp;
let gz: Session;
let programmeId: number;
let city: number;
let batchId: number;

beforeAll(async () => {
  t = await createTestApp({ poolSize: 20 });
  gz = await login(t.app, 'gz.cadre');
  [{ id: city }] = (await t.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(eq(organisations.name, '广州市总工会'))) as [{ id: number }];
  const year = todayInChina().slice(0, 4);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/assistance/programmes',
    headers: gz.headers,
    payload: {
      organisationId: city,
      kind: 'emergency',
      name: '台风临时救助',
      need: null,
      rules: [],
      documents: [],
      amount: { kind: 'fixed', fen: AMOUNT },
      chain: [],
      homeVisitRequired: false,
      dualApprovalFromFen: null,
      opensOn: `${year}-01-01`,
      closesOn: `${year}-12-31`,
    },
  });
  expect(created.statusCode, created.body).toBe(201);
  programmeId = created.json().id;
  const budget = await t.app.inject({
    method: 'PUT',
    url: '/api/v1/assistance/budgets',
    headers: gz.headers,
    payload: { programmeId, organisationId: city, year: Number(year), amountFen: COVERED * AMOUNT },
  });
  expect(budget.statusCode, budget.body).toBe(200);
  // 200 submitted applications from the Guangzhou members, several each.
  const account = t.cipher.encrypt('6222023602012345678');
  await t.db.execute(sql`
    INSERT INTO assistance_applications (province_code, programme_id, member_id, organisation_id, household_key, period,
      stage, reason, eligibility, requested_fen, limit_fen, bank_name, account_name, account_number_enc, consent_at)
    SELECT m.province_code, ${programmeId}, m.id, m.organisation_id, 'm' || m.id || '-' || g.n, ${year}, 'submitted',
      '台风损毁住房', '{"facts":{},"results":[]}'::jsonb, ${AMOUNT}, ${AMOUNT}, '中国工商银行', m.name, ${account}, now()
    FROM generate_series(1, ${APPLICATIONS}) AS g(n)
    JOIN LATERAL (
      SELECT * FROM members WHERE organisation_path <@ (SELECT path FROM organisations WHERE id = ${city})
      ORDER BY id OFFSET (g.n % 100) LIMIT 1
    ) m ON true`);
});
afterAll(() => t.close());

describe('budgets never overspend', () => {
  it(`${APPLICATIONS} concurrent approvals against a budget for ${COVERED}: exactly ${COVERED} succeed, to the fen`, async () => {
    const ids = (
      await t.db
        .select({ id: assistanceApplications.id })
        .from(assistanceApplications)
        .where(eq(assistanceApplications.programmeId, programmeId))
    ).map((r) => r.id);
    expect(ids).toHaveLength(APPLICATIONS);
    const responses = await Promise.all(
      ids.map((id) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/assistance/applications/${id}/actions`,
          headers: gz.headers,
          payload: { action: 'approve', version: 1 },
        }),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const r of responses) byStatus.set(r.statusCode, (byStatus.get(r.statusCode) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 200: COVERED, 409: APPLICATIONS - COVERED });
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json()).toMatchObject({ code: 'assistance.budget_exhausted' });
    }
    const [budget] = await t.db.select().from(assistanceBudgets).where(eq(assistanceBudgets.programmeId, programmeId));
    expect(budget!.committedFen).toBe(COVERED * AMOUNT);
    expect(budget!.committedFen).toBe(budget!.amountFen);
    const [payments] = await t.db
      .execute<{ n: number; total: string }>(
        sql`SELECT count(*)::int AS n, sum(amount_fen) AS total FROM assistance_payments WHERE budget_id = ${budget!.id}`,
      )
      .then((r) => r.rows);
    expect(payments).toEqual({ n: COVERED, total: String(COVERED * AMOUNT) });
    const [approved] = await t.db
      .execute<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM assistance_applications WHERE programme_id = ${programmeId} AND stage = 'approved'`,
      )
      .then((r) => r.rows);
    expect(approved!.n).toBe(COVERED);
    // Every decision is in the audit trail: each approval, and each refusal.
    const audit = await t.db.execute<{ action: string; n: number }>(sql`
      SELECT action, count(*)::int AS n FROM audit_log
      WHERE action IN ('assistance.approve', 'assistance.approve_refused') GROUP BY action ORDER BY action`);
    expect(audit.rows).toEqual([
      { action: 'assistance.approve', n: COVERED },
      { action: 'assistance.approve_refused', n: APPLICATIONS - COVERED },
    ]);
  });
});

describe('a disbursement batch survives a crash', () => {
  it('a kill mid-batch leaves every payment either wholly recorded or not at all; running it again pays nothing twice', async () => {
    const batch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/assistance/batches',
      headers: { ...gz.headers, 'idempotency-key': 'typhoon-relief-batch-1' },
      payload: { organisationId: city, programmeId },
    });
    expect(batch.statusCode, batch.body).toBe(201);
    batchId = batch.json().id;
    expect(batch.json().count).toBe(COVERED);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/assistance/batches/${batchId}/export`, headers: gz.headers }))
        .statusCode,
    ).toBe(200);
    const [cadre] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, 'gz.cadre'));

    const paidCount = async () =>
      (
        await t.db.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM assistance_payments WHERE batch_id = ${batchId} AND status = 'paid'`,
        )
      ).rows[0]!.n;
    const fixture = path.resolve(import.meta.dirname, '../../../test/fixtures/record-results.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, t.testDb.url, String(batchId), cadre!.id], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const deadline = Date.now() + 60_000;
    while ((await paidCount()) < 10) {
      if (child.exitCode !== null) throw new Error(`the batch finished or failed before the kill: ${output}`);
      if (Date.now() > deadline) throw new Error(`no progress: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    // Give PostgreSQL a moment to notice the dropped connection and roll back its open transaction.
    await new Promise((resolve) => setTimeout(resolve, 200));

    const consistent = async () => {
      const paid = await paidCount();
      const [budget] = await t.db
        .select()
        .from(assistanceBudgets)
        .where(eq(assistanceBudgets.programmeId, programmeId));
      const [events] = await t.db
        .execute<{ n: number; payments: number }>(sql`
        SELECT count(*)::int AS n, count(DISTINCT e.application_id)::int AS payments FROM assistance_events e
        JOIN assistance_payments p ON p.application_id = e.application_id AND p.province_code = e.province_code
        WHERE e.action = 'payment_paid' AND p.batch_id = ${batchId}`)
        .then((r) => r.rows);
      const audits = await t.db.select().from(auditLog).where(eq(auditLog.action, 'assistance.payment_paid'));
      // Each paid payment has its money in the budget, one event and one audit row; no other has any.
      expect(budget!.paidFen).toBe(paid * AMOUNT);
      expect(events).toEqual({ n: paid, payments: paid });
      expect(audits).toHaveLength(paid);
      return paid;
    };
    const paidAtKill = await consistent();
    expect(paidAtKill).toBeGreaterThanOrEqual(10);
    expect(paidAtKill).toBeLessThan(COVERED);

    const row = await findBatchRow(t.db, batchId);
    const all = await t.db
      .select({ id: assistancePayments.id })
      .from(assistancePayments)
      .where(eq(assistancePayments.batchId, batchId));
    const context = {
      actor: {
        userId: cadre!.id,
        displayName: 'retry',
        kind: 'cadre' as const,
        via: 'session' as const,
        sessionId: null,
        roles: [],
        grants: new Map(),
      },
      requestId: 'retry',
      ip: '127.0.0.1',
    };
    const rerun = await recordResults(
      t,
      context,
      row,
      all.map((p) => ({ paymentId: p.id, outcome: 'paid' as const })),
    );
    expect(rerun).toEqual({ recorded: COVERED - paidAtKill, unchanged: paidAtKill });
    expect(await consistent()).toBe(COVERED);
    const [budget] = await t.db.select().from(assistanceBudgets).where(eq(assistanceBudgets.programmeId, programmeId));
    expect(budget!.paidFen).toBe(budget!.amountFen);
    const [closed] = await t.db.select().from(assistanceBatches).where(eq(assistanceBatches.id, batchId));
    expect(closed!.status).toBe('closed');
    // And the events: exactly one payment_paid per application, whatever was retried.
    const [dupes] = await t.db
      .execute<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM (SELECT application_id FROM assistance_events WHERE action = 'payment_paid'
      GROUP BY application_id HAVING count(*) > 1) d`)
      .then((r) => r.rows);
    expect(dupes!.n).toBe(0);
  });
});

describe('the mutual-aid yearly cap holds under concurrency', () => {
  it('twelve claims approved at once, each within the cap but no two together: one is paid, the others told what is left', async () => {
    const [mutual] = await t.db
      .execute<{ id: number }>(sql`SELECT id FROM assistance_programmes WHERE kind = 'mutual_medical'`)
      .then((r) => r.rows);
    // One approver is enough here (the demo asks for two from 10,000 yuan).
    await t.db.execute(sql`UPDATE assistance_programmes SET dual_approval_from_fen = NULL WHERE id = ${mutual!.id}`);
    // Each claim pays (40,500 − 500) × 50% = 20,000 yuan; the cap is 30,000 a year.
    const claim = {
      invoiceTotalFen: 5_000_000,
      insurancePaidFen: 950_000,
      selfPaidFen: 4_050_000,
      hospitalDays: 30,
      diagnosisClass: 'general',
    };
    const inserted = await t.db.execute<{ id: number }>(sql`
      INSERT INTO assistance_applications (province_code, programme_id, member_id, organisation_id, household_key, period,
        stage, reason, details, eligibility, requested_fen, limit_fen, reviewed_fen, bank_name, account_name, account_number_enc, consent_at)
      SELECT m.province_code, ${mutual!.id}, m.id, m.organisation_id, 'm' || m.id, ${todayInChina().slice(0, 4)}, 'reviewed',
        '住院', ${JSON.stringify({ claim })}::jsonb, '{"facts":{"fileTier":null},"results":[]}'::jsonb, 2000000, 2000000, 2000000,
        '中国工商银行', m.name, ${t.cipher.encrypt('6222023602012345678')}, now()
      FROM members m JOIN users u ON u.id = m.user_id, generate_series(1, 12)
      WHERE u.username = 'rider'
      RETURNING id`);
    const admin = await login(t.app, 'admin');
    const responses = await Promise.all(
      inserted.rows.map((row, i) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/assistance/applications/${row.id}/actions`,
          headers: (i % 2 === 0 ? gz : admin).headers,
          payload: { action: 'approve', version: 1 },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, ...Array(11).fill(422)]);
    const refused = responses.find((r) => r.statusCode === 422)!.json();
    expect(refused.errors[0]).toMatchObject({ field: 'amountFen', message: '金额不能超过本项目的上限 10,000.00 元' });
    const [total] = await t.db
      .execute<{ fen: string }>(sql`
      SELECT sum(p.amount_fen) AS fen FROM assistance_payments p JOIN assistance_applications a ON a.id = p.application_id
      WHERE a.programme_id = ${mutual!.id}`)
      .then((r) => r.rows);
    expect(Number(total!.fen)).toBe(2_000_000);
  });
});
