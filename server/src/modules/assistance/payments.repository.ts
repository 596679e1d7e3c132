import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import {
  assistanceApplications,
  assistanceBatches,
  assistanceBudgets,
  assistanceEvents,
  assistanceNeedClaims,
  assistancePayments,
  assistanceProgrammes,
} from './assistance.tables';

// The payment aggregate: payments, the bank batches that carry them, and what a payment's outcome
// moves (its application's events, the budget's paid amount, a released need claim).

export type BatchRow = typeof assistanceBatches.$inferSelect;
export type PaymentRow = typeof assistancePayments.$inferSelect;
export type PaymentInsert = typeof assistancePayments.$inferInsert;

export async function insertPayment(db: Executor, values: PaymentInsert) {
  await db.insert(assistancePayments).values(values);
}

type BatchKey = Pick<BatchRow, 'id' | 'provinceCode'>;
const isBatch = (batch: BatchKey) =>
  and(eq(assistanceBatches.id, batch.id), eq(assistanceBatches.provinceCode, batch.provinceCode));

// ---- batches ----

export async function findBatch(db: Executor, id: number) {
  const [row] = await db.select().from(assistanceBatches).where(eq(assistanceBatches.id, id));
  return row;
}

/** A batch with the path and name of the organisation that pays it. */
export async function findBatchWithOrganisation(db: Executor, id: number) {
  const [row] = await db
    .select({ batch: assistanceBatches, path: organisations.path, organisationName: organisations.name })
    .from(assistanceBatches)
    .innerJoin(organisations, eq(organisations.id, assistanceBatches.organisationId))
    .where(eq(assistanceBatches.id, id));
  return row;
}

/** The latest batches in a subtree with their counts and sums. */
export function batchesIn(db: Executor, scope: readonly string[], limit = 100) {
  return db
    .select({
      batch: assistanceBatches,
      organisationName: organisations.name,
      count: sql<number>`count(${assistancePayments.id})::int`,
      totalFen: sql<string>`coalesce(sum(${assistancePayments.amountFen}), 0)`,
      paidFen: sql<string>`coalesce(sum(${assistancePayments.amountFen}) FILTER (WHERE ${assistancePayments.status} = 'paid'), 0)`,
    })
    .from(assistanceBatches)
    .innerJoin(organisations, eq(organisations.id, assistanceBatches.organisationId))
    .leftJoin(
      assistancePayments,
      and(
        eq(assistancePayments.batchId, assistanceBatches.id),
        eq(assistancePayments.provinceCode, assistanceBatches.provinceCode),
      ),
    )
    .where(inSubtrees(organisations.path, scope))
    .groupBy(assistanceBatches.id, assistanceBatches.provinceCode, organisations.name)
    .orderBy(desc(assistanceBatches.createdAt), desc(assistanceBatches.id))
    .limit(limit);
}

/** Payments waiting for a batch, per paying organisation in a subtree. */
export function pendingIn(db: Executor, scope: readonly string[]) {
  return db
    .select({
      organisationId: assistancePayments.organisationId,
      organisationName: organisations.name,
      count: sql<number>`count(*)::int`,
      totalFen: sql<string>`sum(${assistancePayments.amountFen})`,
    })
    .from(assistancePayments)
    .innerJoin(organisations, eq(organisations.id, assistancePayments.organisationId))
    .where(and(eq(assistancePayments.status, 'pending'), inSubtrees(organisations.path, scope)))
    .groupBy(assistancePayments.organisationId, organisations.name);
}

export async function batchByIdempotencyKey(
  db: Executor,
  at: { organisationId: number; provinceCode: string },
  idempotencyKey: string,
) {
  const [row] = await db
    .select()
    .from(assistanceBatches)
    .where(
      and(
        eq(assistanceBatches.organisationId, at.organisationId),
        eq(assistanceBatches.idempotencyKey, idempotencyKey),
        eq(assistanceBatches.provinceCode, at.provinceCode),
      ),
    );
  return row;
}

export async function insertBatch(db: Executor, values: typeof assistanceBatches.$inferInsert) {
  const [row] = await db.insert(assistanceBatches).values(values).returning();
  return row!;
}

/** Moves an organisation's pending payments (of one programme, if given) into a batch; their ids. */
export async function batchPending(
  db: Executor,
  batch: Pick<BatchRow, 'id' | 'organisationId' | 'provinceCode'>,
  programmeId: number | undefined,
) {
  const programmeFilter = programmeId
    ? sql` AND application_id IN (SELECT id FROM assistance_applications WHERE programme_id = ${programmeId} AND province_code = ${batch.provinceCode})`
    : sql``;
  const moved = await db.execute<{ id: number }>(sql`
    UPDATE assistance_payments SET status = 'batched', batch_id = ${batch.id}, updated_at = now()
    WHERE organisation_id = ${batch.organisationId} AND province_code = ${batch.provinceCode} AND status = 'pending'${programmeFilter}
    RETURNING id`);
  return moved.rows.map((r) => Number(r.id));
}

export async function markExported(db: Executor, batch: BatchKey) {
  await db.update(assistanceBatches).set({ status: 'exported', exportedAt: new Date() }).where(isBatch(batch));
}

/** Closes a batch once none of its payments waits for the bank. */
export async function closeIfSettled(db: Executor, batch: BatchKey) {
  await db
    .update(assistanceBatches)
    .set({ status: 'closed', closedAt: new Date() })
    .where(
      and(
        isBatch(batch),
        sql`NOT EXISTS (SELECT 1 FROM assistance_payments p WHERE p.batch_id = ${batch.id} AND p.province_code = ${batch.provinceCode} AND p.status = 'batched')`,
      ),
    );
}

// ---- payments ----

export function paymentsOfBatch(db: Executor, batch: BatchKey) {
  return db
    .select()
    .from(assistancePayments)
    .where(and(eq(assistancePayments.batchId, batch.id), eq(assistancePayments.provinceCode, batch.provinceCode)))
    .orderBy(asc(assistancePayments.id));
}

/** The programme of each application, by application id (what a bank file calls the purpose). */
export async function programmeNamesOf(db: Executor, provinceCode: string, applicationIds: readonly number[]) {
  const rows = await db
    .select({ applicationId: assistanceApplications.id, name: assistanceProgrammes.name })
    .from(assistanceApplications)
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
    .where(
      and(
        inArray(assistanceApplications.id, [...applicationIds]),
        eq(assistanceApplications.provinceCode, provinceCode),
      ),
    );
  return new Map(rows.map((r) => [r.applicationId, r.name]));
}

/** A payment with the path of the organisation that pays it. */
export async function findPaymentWithPath(db: Executor, id: number) {
  const [row] = await db
    .select({ payment: assistancePayments, path: organisations.path })
    .from(assistancePayments)
    .innerJoin(organisations, eq(organisations.id, assistancePayments.organisationId))
    .where(eq(assistancePayments.id, id));
  return row;
}

export interface Outcome {
  id: number;
  outcome: string;
  reason: string | null;
}

/**
 * Records the bank's outcomes on the payments still in the batch, in one statement; the payments
 * that moved. A payment named twice moves once.
 */
export async function recordOutcomes(db: Executor, batch: BatchKey, outcomes: readonly Outcome[]) {
  const moved = await db.execute<{
    id: number;
    application_id: number;
    organisation_id: number;
    budget_id: number;
    amount_fen: string;
    status: string;
    failure_reason: string | null;
    applicant_user_id: string | null;
  }>(sql`
    UPDATE assistance_payments p
    SET status = v.outcome,
      paid_at = CASE WHEN v.outcome = 'paid' THEN now() END,
      failure_reason = CASE WHEN v.outcome = 'paid' THEN NULL ELSE v.reason END,
      updated_at = now()
    FROM (
      SELECT DISTINCT ON (id) id, outcome, reason
      FROM jsonb_to_recordset(${JSON.stringify(outcomes)}::jsonb) AS r(id bigint, outcome text, reason text)
    ) v
    WHERE p.id = v.id AND p.batch_id = ${batch.id} AND p.province_code = ${batch.provinceCode} AND p.status = 'batched'
    RETURNING p.id, p.application_id, p.organisation_id, p.budget_id, p.amount_fen, p.status, p.failure_reason,
      (SELECT a.applicant_user_id FROM assistance_applications a
        WHERE a.id = p.application_id AND a.province_code = p.province_code) AS applicant_user_id`);
  return moved.rows.map((r) => ({
    id: Number(r.id),
    applicationId: Number(r.application_id),
    organisationId: Number(r.organisation_id),
    budgetId: Number(r.budget_id),
    amountFen: Number(r.amount_fen),
    status: r.status,
    failureReason: r.failure_reason,
    applicantUserId: r.applicant_user_id,
  }));
}

export async function addPaid(db: Executor, budget: { id: number; provinceCode: string }, fen: number) {
  await db
    .update(assistanceBudgets)
    .set({ paidFen: sql`${assistanceBudgets.paidFen} + ${fen}`, updatedAt: new Date() })
    .where(and(eq(assistanceBudgets.id, budget.id), eq(assistanceBudgets.provinceCode, budget.provinceCode)));
}

/** Gives a cancelled payment's amount back to its budget. */
export async function releaseCommitted(db: Executor, budget: { id: number; provinceCode: string }, fen: number) {
  await db
    .update(assistanceBudgets)
    .set({ committedFen: sql`${assistanceBudgets.committedFen} - ${fen}`, updatedAt: new Date() })
    .where(and(eq(assistanceBudgets.id, budget.id), eq(assistanceBudgets.provinceCode, budget.provinceCode)));
}

export async function insertEvents(db: Executor, values: (typeof assistanceEvents.$inferInsert)[]) {
  if (values.length > 0) await db.insert(assistanceEvents).values(values);
}

/** Moves a payment to `values.status` if it is in one of `from`; undefined otherwise. */
export async function movePayment(
  db: Executor,
  payment: Pick<PaymentRow, 'id' | 'provinceCode'>,
  from: readonly string[],
  values: Partial<PaymentInsert>,
) {
  const [moved] = await db
    .update(assistancePayments)
    .set({ ...values, updatedAt: new Date() })
    .where(
      and(
        eq(assistancePayments.id, payment.id),
        eq(assistancePayments.provinceCode, payment.provinceCode),
        inArray(assistancePayments.status, [...from]),
      ),
    )
    .returning();
  return moved;
}

/** Frees the household need an application claimed. */
export async function releaseNeed(db: Executor, application: { id: number; provinceCode: string }) {
  await db
    .delete(assistanceNeedClaims)
    .where(
      and(
        eq(assistanceNeedClaims.applicationId, application.id),
        eq(assistanceNeedClaims.provinceCode, application.provinceCode),
      ),
    );
}

// ---- scoped look-ups: a batch or a payment by where its paying organisation stands ----

async function findBatchInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ batch: assistanceBatches, path: organisations.path, organisationName: organisations.name })
    .from(assistanceBatches)
    .innerJoin(organisations, eq(organisations.id, assistanceBatches.organisationId))
    .where(and(eq(assistanceBatches.id, id), inSubtrees(organisations.path, scope)));
  return row;
}

async function findPaymentInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select({ payment: assistancePayments })
    .from(assistancePayments)
    .innerJoin(organisations, eq(organisations.id, assistancePayments.organisationId))
    .where(and(eq(assistancePayments.id, id), inSubtrees(organisations.path, scope)));
  return row?.payment;
}

async function paymentExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: assistancePayments.id })
    .from(assistancePayments)
    .where(eq(assistancePayments.id, id));
  return row !== undefined;
}

export const BATCH = scopedKind(
  'assistance_batch',
  findBatchInScope,
  async (db, id) => (await findBatch(db, id)) !== undefined,
);
export const PAYMENT = scopedKind('assistance_payment', findPaymentInScope, paymentExists);
