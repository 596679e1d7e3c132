import {
  type bankAccountSchema,
  type batchBodySchema,
  type batchResultsBodySchema,
  type Locale,
  maskBankAccount,
  type PaymentStatus,
  translate,
} from '@gonghui/contract';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, recordAuditMany, refuseOutOfScope } from '../../platform/audit';
import { AppError, notFound } from '../../platform/errors';
import { csvField, csvIdentity, neutraliseWorkbook, safeText } from '../../platform/export-cells';
import { organisations } from '../../platform/organisations.tables';
import { provinceOf } from '../../platform/province';
import { type Cell, type FileFormat, fenOf, findHeader, readRows, textOf } from '../../platform/spreadsheet';
import {
  assistanceApplications,
  assistanceBatches,
  assistanceBudgets,
  assistanceEvents,
  assistanceNeedClaims,
  assistancePayments,
  assistanceProgrammes,
} from './assistance.tables';
import { type AssistanceDeps, organisationInScope } from './shared';

type BatchRow = typeof assistanceBatches.$inferSelect;
type PaymentRow = typeof assistancePayments.$inferSelect;
type Outcome = z.infer<typeof batchResultsBodySchema>['results'][number];

/** Batches of the organisations in the actor's disbursement scope, and what waits to be batched. */
export async function listBatches(deps: AssistanceDeps, context: RequestContext) {
  const scope = scopeOf(context.actor, 'assistance.disburse');
  const [batches, pending] = await Promise.all([
    deps.db
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
      .limit(100),
    deps.db
      .select({
        organisationId: assistancePayments.organisationId,
        organisationName: organisations.name,
        count: sql<number>`count(*)::int`,
        totalFen: sql<string>`sum(${assistancePayments.amountFen})`,
      })
      .from(assistancePayments)
      .innerJoin(organisations, eq(organisations.id, assistancePayments.organisationId))
      .where(and(eq(assistancePayments.status, 'pending'), inSubtrees(organisations.path, scope)))
      .groupBy(assistancePayments.organisationId, organisations.name),
  ]);
  return {
    items: batches.map((b) => ({
      ...batchSummary(b.batch, b.organisationName),
      count: b.count,
      totalFen: Number(b.totalFen),
      paidFen: Number(b.paidFen),
    })),
    pending: pending.map((p) => ({ ...p, totalFen: Number(p.totalFen) })),
  };
}

function batchSummary(batch: BatchRow, organisationName: string) {
  return {
    id: batch.id,
    organisationId: batch.organisationId,
    organisationName,
    status: batch.status as 'open' | 'exported' | 'closed',
    createdAt: batch.createdAt.toISOString(),
    exportedAt: batch.exportedAt?.toISOString() ?? null,
  };
}

async function batchInScope(deps: AssistanceDeps, context: RequestContext, id: number) {
  const [row] = await deps.db
    .select({ batch: assistanceBatches, path: organisations.path, organisationName: organisations.name })
    .from(assistanceBatches)
    .innerJoin(organisations, eq(organisations.id, assistanceBatches.organisationId))
    .where(eq(assistanceBatches.id, id));
  if (!row || !isWithin(row.path, scopeOf(context.actor, 'assistance.disburse'))) {
    return refuseOutOfScope(deps.db, context, { type: 'assistance_batch', id, exists: async () => row !== undefined });
  }
  return row;
}

const paymentsOf = (db: Executor, batch: BatchRow) =>
  db
    .select()
    .from(assistancePayments)
    .where(and(eq(assistancePayments.batchId, batch.id), eq(assistancePayments.provinceCode, batch.provinceCode)))
    .orderBy(asc(assistancePayments.id));

export async function getBatch(deps: AssistanceDeps, context: RequestContext, id: number) {
  const { batch, organisationName } = await batchInScope(deps, context, id);
  return batchView(deps, batch, organisationName);
}

async function batchView(deps: AssistanceDeps, batch: BatchRow, organisationName: string) {
  const payments = await paymentsOf(deps.db, batch);
  return {
    ...batchSummary(batch, organisationName),
    count: payments.length,
    totalFen: payments.reduce((sum, p) => sum + p.amountFen, 0),
    paidFen: payments.filter((p) => p.status === 'paid').reduce((sum, p) => sum + p.amountFen, 0),
    payments: payments.map((p) => ({
      id: p.id,
      applicationId: p.applicationId,
      reference: p.reference,
      accountName: p.accountName,
      accountNumber: maskBankAccount(deps.cipher.decrypt(p.accountNumberEnc)),
      bankName: p.bankName,
      amountFen: p.amountFen,
      status: p.status as PaymentStatus,
      failureReason: p.failureReason,
    })),
  };
}

/**
 * Puts an organisation's pending payments (of one programme, if given) into a new batch. With an
 * Idempotency-Key, a retried request answers the batch the first one made instead of a second.
 */
export async function createBatch(
  deps: AssistanceDeps,
  context: RequestContext,
  body: z.infer<typeof batchBodySchema>,
  idempotencyKey: string | undefined,
) {
  const organisation = await organisationInScope(deps.db, context, body.organisationId, 'assistance.disburse');
  const provinceCode = provinceOf(organisation.regionCode);
  const existing = async () => {
    if (!idempotencyKey) return undefined;
    const [row] = await deps.db
      .select()
      .from(assistanceBatches)
      .where(
        and(
          eq(assistanceBatches.organisationId, organisation.id),
          eq(assistanceBatches.idempotencyKey, idempotencyKey),
          eq(assistanceBatches.provinceCode, provinceCode),
        ),
      );
    return row;
  };
  const before = await existing();
  if (before) return batchView(deps, before, organisation.name);
  try {
    const batch = await deps.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(assistanceBatches)
        .values({
          provinceCode,
          organisationId: organisation.id,
          idempotencyKey: idempotencyKey ?? null,
          createdBy: context.actor.userId,
        })
        .returning();
      const programmeFilter = body.programmeId
        ? sql` AND application_id IN (SELECT id FROM assistance_applications WHERE programme_id = ${body.programmeId} AND province_code = ${provinceCode})`
        : sql``;
      const moved = await tx.execute<{ id: number }>(sql`
        UPDATE assistance_payments SET status = 'batched', batch_id = ${created!.id}, updated_at = now()
        WHERE organisation_id = ${organisation.id} AND province_code = ${provinceCode} AND status = 'pending'${programmeFilter}
        RETURNING id`);
      if (moved.rows.length === 0) throw new AppError(422, 'assistance.nothing_to_batch');
      await recordAudit(tx, context, {
        action: 'assistance.batch_create',
        subjectType: 'assistance_batch',
        subjectId: created!.id,
        organisationId: organisation.id,
        changes: { payments: moved.rows.length },
      });
      return created!;
    });
    return batchView(deps, batch, organisation.name);
  } catch (error) {
    // Two retries at once: the key's unique index lets one in; the other answers its batch.
    const after = (error as { cause?: { code?: string } }).cause?.code === '23505' ? await existing() : undefined;
    if (after) return batchView(deps, after, organisation.name);
    throw error;
  }
}

/**
 * The bank payment file: account name and number (in full: this is what the bank pays from, so
 * the export is audited), amount and reference. Exporting locks the batch's contents.
 */
export async function exportBatch(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  format: 'xlsx' | 'csv',
  locale: Locale,
) {
  const { batch } = await batchInScope(deps, context, id);
  if (batch.status === 'closed') throw new AppError(409, 'assistance.batch_state');
  const payments = await paymentsOf(deps.db, batch);
  const programmes = await deps.db
    .select({ applicationId: assistanceApplications.id, name: assistanceProgrammes.name })
    .from(assistanceApplications)
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
    .where(
      and(
        inArray(
          assistanceApplications.id,
          payments.map((p) => p.applicationId),
        ),
        eq(assistanceApplications.provinceCode, batch.provinceCode),
      ),
    );
  const purpose = new Map(programmes.map((p) => [p.applicationId, p.name]));
  const headers = ['reference', 'accountName', 'accountNumber', 'bankName', 'amount', 'purpose'].map((key) =>
    translate(locale, `bankfile.${key}`, {}),
  );
  const rows = payments
    .filter((p) => p.status === 'batched' || p.status === 'paid')
    .map((p) => [
      p.reference,
      safeText(p.accountName),
      deps.cipher.decrypt(p.accountNumberEnc),
      safeText(p.bankName),
      `${Math.floor(p.amountFen / 100)}.${String(p.amountFen % 100).padStart(2, '0')}`,
      safeText(purpose.get(p.applicationId)),
    ]);
  await deps.db.transaction(async (tx) => {
    if (batch.status === 'open') {
      await tx
        .update(assistanceBatches)
        .set({ status: 'exported', exportedAt: new Date() })
        .where(and(eq(assistanceBatches.id, batch.id), eq(assistanceBatches.provinceCode, batch.provinceCode)));
    }
    await recordAudit(tx, context, {
      action: 'assistance.batch_export',
      subjectType: 'assistance_batch',
      subjectId: batch.id,
      organisationId: batch.organisationId,
      changes: { format, payments: rows.length },
    });
  });
  const fileName = `payments-${batch.id}.${format}`;
  if (format === 'csv') {
    // The account number (a number that is a name) leads with a tab, so office software keeps it text.
    const csvRows = rows.map((r) => r.map((cell, i) => (i === 2 ? csvIdentity(cell) : cell)));
    const text = `\uFEFF${[headers, ...csvRows].map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
    return { fileName, mediaType: 'text/csv; charset=utf-8', content: Buffer.from(text, 'utf8') };
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(locale === 'en' ? 'Payments' : '代发明细');
  sheet.addRow(headers);
  for (const row of rows) {
    // Account numbers stay text: a spreadsheet would turn 19 digits into 6.22E+18.
    const added = sheet.addRow(row);
    added.getCell(3).numFmt = '@';
  }
  sheet.columns.forEach((column, i) => {
    column.width = [22, 14, 26, 24, 14, 24][i] ?? 14;
  });
  neutraliseWorkbook(workbook);
  return {
    fileName,
    mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    content: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

/**
 * Records what the bank did with each payment. Each chunk is one transaction: a payment moves from
 * batched to paid (adding to its budget's paid amount) or failed/returned, together with its event
 * and audit row, or not at all. A payment already recorded is left alone, so running the same
 * results again, after a crash or a retried request, records nothing twice.
 */
export async function recordResults(
  deps: Pick<AssistanceDeps, 'db'>,
  context: RequestContext,
  batch: BatchRow,
  results: readonly Outcome[],
  options: { chunkSize?: number; afterChunk?: (recorded: number) => Promise<void> | void } = {},
) {
  const chunkSize = options.chunkSize ?? 100;
  let recorded = 0;
  for (let start = 0; start < results.length; start += chunkSize) {
    const chunk = results.slice(start, start + chunkSize);
    recorded += await deps.db.transaction(async (tx) => {
      // Only payments still in the batch move: one set-based statement for the chunk, so the
      // whole chunk (payments, budgets, events, audit rows) commits together or not at all.
      const outcomes = chunk.map((r) => ({ id: r.paymentId, outcome: r.outcome, reason: r.reason ?? null }));
      const moved = await tx.execute<{
        id: number;
        application_id: number;
        organisation_id: number;
        budget_id: number;
        amount_fen: string;
        status: string;
        failure_reason: string | null;
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
        RETURNING p.id, p.application_id, p.organisation_id, p.budget_id, p.amount_fen, p.status, p.failure_reason`);
      const rows = moved.rows.map((r) => ({ ...r, amount_fen: Number(r.amount_fen) }));
      const paidByBudget = new Map<number, number>();
      for (const r of rows) {
        if (r.status === 'paid')
          paidByBudget.set(Number(r.budget_id), (paidByBudget.get(Number(r.budget_id)) ?? 0) + r.amount_fen);
      }
      for (const [budgetId, fen] of [...paidByBudget].sort(([a], [b]) => a - b)) {
        await tx
          .update(assistanceBudgets)
          .set({ paidFen: sql`${assistanceBudgets.paidFen} + ${fen}`, updatedAt: new Date() })
          .where(and(eq(assistanceBudgets.id, budgetId), eq(assistanceBudgets.provinceCode, batch.provinceCode)));
      }
      if (rows.length > 0) {
        await tx.insert(assistanceEvents).values(
          rows.map((r) => ({
            provinceCode: batch.provinceCode,
            applicationId: Number(r.application_id),
            action: `payment_${r.status}`,
            actorUserId: context.actor.userId,
            amountFen: r.amount_fen,
            note: r.failure_reason,
          })),
        );
        await recordAuditMany(
          tx,
          context,
          rows.map((r) => ({
            action: `assistance.payment_${r.status}`,
            subjectType: 'assistance_payment',
            subjectId: Number(r.id),
            organisationId: Number(r.organisation_id),
            changes: {
              applicationId: Number(r.application_id),
              amountFen: r.amount_fen,
              ...(r.failure_reason ? { reason: r.failure_reason } : {}),
            },
          })),
        );
      }
      return rows.length;
    });
    await options.afterChunk?.(recorded);
  }
  const [left] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(assistancePayments)
    .where(
      and(
        eq(assistancePayments.batchId, batch.id),
        eq(assistancePayments.provinceCode, batch.provinceCode),
        eq(assistancePayments.status, 'batched'),
      ),
    );
  if ((left?.n ?? 0) === 0) {
    await deps.db
      .update(assistanceBatches)
      .set({ status: 'closed', closedAt: new Date() })
      .where(and(eq(assistanceBatches.id, batch.id), eq(assistanceBatches.provinceCode, batch.provinceCode)));
  }
  return { recorded, unchanged: results.length - recorded };
}

async function paymentEvent(tx: Executor, payment: PaymentRow, context: RequestContext, action: string, note?: string) {
  await tx.insert(assistanceEvents).values({
    provinceCode: payment.provinceCode,
    applicationId: payment.applicationId,
    action: `payment_${action}`,
    actorUserId: context.actor.userId,
    amountFen: payment.amountFen,
    note: note ?? null,
  });
  await recordAudit(tx, context, {
    action: `assistance.payment_${action}`,
    subjectType: 'assistance_payment',
    subjectId: payment.id,
    organisationId: payment.organisationId,
    changes: { applicationId: payment.applicationId, amountFen: payment.amountFen, ...(note ? { reason: note } : {}) },
  });
}

export async function recordBatchResults(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  body: z.infer<typeof batchResultsBodySchema>,
) {
  const { batch } = await batchInScope(deps, context, id);
  if (batch.status !== 'exported') throw new AppError(409, 'assistance.batch_state');
  return recordResults(deps, context, batch, body.results);
}

const RESULT_COLUMNS = [
  { key: 'reference', headers: ['业务参考号', '参考号', '业务编号', '流水号', 'reference'], required: true },
  { key: 'outcome', headers: ['处理结果', '结果', '状态', '交易状态', 'result', 'status', 'outcome'], required: true },
  { key: 'reason', headers: ['失败原因', '原因', '备注', 'reason'], required: false },
  { key: 'amount', headers: ['金额', '金额元', '交易金额', 'amount', 'amountyuan'], required: false },
] as const;

/** What banks write in a result column, in Chinese or English. */
const OUTCOMES: Record<string, 'paid' | 'failed' | 'returned'> = {
  成功: 'paid',
  已成功: 'paid',
  交易成功: 'paid',
  已支付: 'paid',
  已发放: 'paid',
  success: 'paid',
  paid: 'paid',
  失败: 'failed',
  交易失败: 'failed',
  failed: 'failed',
  fail: 'failed',
  退回: 'returned',
  已退回: 'returned',
  退票: 'returned',
  returned: 'returned',
};

/**
 * The bank's result file for a batch (its own sheet with a result column, or the exported file
 * with one added): rows matched by reference; a row that names no payment of the batch, has an
 * unknown result or another amount is reported with its row number and not recorded. Recorded
 * as `recordResults`: a file uploaded twice records nothing twice.
 */
export async function recordResultsFile(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  file: { path: string; format: FileFormat },
  locale: Locale,
) {
  const { batch } = await batchInScope(deps, context, id);
  if (batch.status !== 'exported') throw new AppError(409, 'assistance.batch_state');
  const rows: { rowNumber: number; cells: Cell[] }[] = [];
  for await (const row of readRows(file.path, file.format)) {
    rows.push(row);
    if (rows.length > 100_000) break;
  }
  const header = findHeader(
    rows.slice(0, 10).map((r) => r.cells),
    RESULT_COLUMNS,
  );
  if ('missing' in header) throw new AppError(422, 'membership.header_missing', { columns: header.missing.join('、') });
  const at = (cells: Cell[], key: (typeof RESULT_COLUMNS)[number]['key']) => {
    const index = header.indexes.get(key);
    return index === undefined ? null : (cells[index] ?? null);
  };
  const payments = new Map((await paymentsOf(deps.db, batch)).map((p) => [p.reference, p]));
  const results: Outcome[] = [];
  const errors: { row: number; message: string }[] = [];
  const problem = (row: number, key: string, params: Record<string, string | number> = {}) =>
    errors.push({ row, message: translate(locale, `validation.assistance.results.${key}`, params) });
  for (const { rowNumber, cells } of rows.slice(header.headerIndex + 1)) {
    if (!cells.some((c) => c !== null && textOf(c) !== '')) continue;
    const reference = textOf(at(cells, 'reference'));
    const payment = payments.get(reference);
    if (!payment) {
      problem(rowNumber, 'unknownReference', { reference });
      continue;
    }
    const said = textOf(at(cells, 'outcome')).toLowerCase();
    const outcome = OUTCOMES[said];
    if (!outcome) {
      problem(rowNumber, 'unknownOutcome', { value: said });
      continue;
    }
    const amount = at(cells, 'amount');
    if (amount !== null && fenOf(amount) !== payment.amountFen) {
      problem(rowNumber, 'amountDiffers', { reference });
      continue;
    }
    const reason = textOf(at(cells, 'reason'));
    results.push({
      paymentId: payment.id,
      outcome,
      ...(reason && outcome !== 'paid' ? { reason: reason.slice(0, 200) } : {}),
    });
  }
  const recorded =
    results.length > 0 ? await recordResults(deps, context, batch, results) : { recorded: 0, unchanged: 0 };
  return { ...recorded, errors };
}

async function paymentInScope(deps: AssistanceDeps, context: RequestContext, id: number) {
  const [row] = await deps.db
    .select({ payment: assistancePayments, path: organisations.path })
    .from(assistancePayments)
    .innerJoin(organisations, eq(organisations.id, assistancePayments.organisationId))
    .where(eq(assistancePayments.id, id));
  if (!row || !isWithin(row.path, scopeOf(context.actor, 'assistance.disburse'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'assistance_payment',
      id,
      exists: async () => row !== undefined,
    });
  }
  return row.payment;
}

/** A failed or returned payment goes back to the queue, to a corrected account if one is given. */
export async function reissuePayment(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  account: z.infer<typeof bankAccountSchema> | undefined,
) {
  const payment = await paymentInScope(deps, context, id);
  await deps.db.transaction(async (tx) => {
    const [moved] = await tx
      .update(assistancePayments)
      .set({
        status: 'pending',
        batchId: null,
        failureReason: null,
        updatedAt: new Date(),
        ...(account
          ? {
              bankName: account.bankName,
              accountName: account.accountName,
              accountNumberEnc: deps.cipher.encrypt(account.accountNumber),
            }
          : {}),
      })
      .where(
        and(
          eq(assistancePayments.id, id),
          eq(assistancePayments.provinceCode, payment.provinceCode),
          inArray(assistancePayments.status, ['failed', 'returned']),
        ),
      )
      .returning();
    if (!moved) throw new AppError(409, 'assistance.payment_state');
    await paymentEvent(tx, moved, context, 'reissue', account ? 'account changed' : undefined);
  });
  return { id, status: 'pending' as const };
}

/** A payment that will not be made: its money goes back to the budget and the household's need is free again. */
export async function cancelPayment(deps: AssistanceDeps, context: RequestContext, id: number) {
  const payment = await paymentInScope(deps, context, id);
  await deps.db.transaction(async (tx) => {
    const [cancelled] = await tx
      .update(assistancePayments)
      .set({ status: 'cancelled', updatedAt: new Date() })
      .where(
        and(
          eq(assistancePayments.id, id),
          eq(assistancePayments.provinceCode, payment.provinceCode),
          inArray(assistancePayments.status, ['pending', 'failed', 'returned']),
        ),
      )
      .returning();
    if (!cancelled) throw new AppError(409, 'assistance.payment_state');
    await tx
      .update(assistanceBudgets)
      .set({ committedFen: sql`${assistanceBudgets.committedFen} - ${cancelled.amountFen}`, updatedAt: new Date() })
      .where(
        and(eq(assistanceBudgets.id, cancelled.budgetId), eq(assistanceBudgets.provinceCode, cancelled.provinceCode)),
      );
    await tx
      .delete(assistanceNeedClaims)
      .where(
        and(
          eq(assistanceNeedClaims.applicationId, cancelled.applicationId),
          eq(assistanceNeedClaims.provinceCode, cancelled.provinceCode),
        ),
      );
    await paymentEvent(tx, cancelled, context, 'cancel');
  });
  return { id, status: 'cancelled' as const };
}

export async function findBatchRow(db: Executor, id: number) {
  const [row] = await db.select().from(assistanceBatches).where(eq(assistanceBatches.id, id));
  if (!row) throw notFound();
  return row;
}
