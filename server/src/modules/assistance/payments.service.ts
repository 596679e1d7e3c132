import { type bankAccountSchema, type batchResultsBodySchema, type Locale, translate } from '@gonghui/contract';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { recordAudit, recordAuditMany } from '../../platform/audit';
import { AppError, notFound } from '../../platform/errors';
import { loadInScope } from '../../platform/scope';
import { type Cell, type FileFormat, fenOf, findHeader, readRows, textOf } from '../../platform/spreadsheet';
import { notifyMany } from '../reach';
import type { BatchRow, PaymentRow } from './payments.repository';
import * as repo from './payments.repository';
import type { AssistanceDeps } from './shared';

// What the bank did with each payment, and what a cadre does with one that failed.

type Outcome = z.infer<typeof batchResultsBodySchema>['results'][number];

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
      const rows = await repo.recordOutcomes(tx, batch, outcomes);
      const paidByBudget = new Map<number, number>();
      for (const r of rows) {
        if (r.status === 'paid') paidByBudget.set(r.budgetId, (paidByBudget.get(r.budgetId) ?? 0) + r.amountFen);
      }
      for (const [budgetId, fen] of [...paidByBudget].sort(([a], [b]) => a - b)) {
        await repo.addPaid(tx, { id: budgetId, provinceCode: batch.provinceCode }, fen);
      }
      if (rows.length > 0) {
        await repo.insertEvents(
          tx,
          rows.map((r) => ({
            provinceCode: batch.provinceCode,
            applicationId: r.applicationId,
            action: `payment_${r.status}`,
            actorUserId: context.actor.userId,
            amountFen: r.amountFen,
            note: r.failureReason,
          })),
        );
        await recordAuditMany(
          tx,
          context,
          rows.map((r) => ({
            // The bank's result moved the payment to one of these (the rows were filtered by it).
            action: `assistance.payment_${r.status as 'paid' | 'failed' | 'returned'}`,
            subjectType: 'assistance_payment',
            subjectId: r.id,
            organisationId: r.organisationId,
            changes: {
              applicationId: r.applicationId,
              amountFen: r.amountFen,
              ...(r.failureReason ? { reason: r.failureReason } : {}),
            },
          })),
        );
      }
      // Each applicant paid is told, in the chunk's transaction.
      await notifyMany(
        tx,
        rows
          .filter((r) => r.status === 'paid' && r.applicantUserId)
          .map((r) => ({
            kind: 'application.paid' as const,
            recipients: [r.applicantUserId],
            params: { applicationId: r.applicationId },
            link: `/app/assistance/${r.applicationId}`,
            organisationId: r.organisationId,
            source: { type: 'assistance_application', id: r.applicationId },
          })),
      );
      return rows.length;
    });
    await options.afterChunk?.(recorded);
  }
  await repo.closeIfSettled(deps.db, batch);
  return { recorded, unchanged: results.length - recorded };
}

async function paymentEvent(
  tx: Executor,
  payment: PaymentRow,
  context: RequestContext,
  action: 'reissue' | 'cancel',
  note?: string,
) {
  await repo.insertEvents(tx, [
    {
      provinceCode: payment.provinceCode,
      applicationId: payment.applicationId,
      action: `payment_${action}`,
      actorUserId: context.actor.userId,
      amountFen: payment.amountFen,
      note: note ?? null,
    },
  ]);
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
  const { batch } = await loadInScope(deps.db, context, repo.BATCH, id, 'assistance.disburse');
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
  const { batch } = await loadInScope(deps.db, context, repo.BATCH, id, 'assistance.disburse');
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
  const payments = new Map((await repo.paymentsOfBatch(deps.db, batch)).map((p) => [p.reference, p]));
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

/** A failed or returned payment goes back to the queue, to a corrected account if one is given. */
export async function reissuePayment(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  account: z.infer<typeof bankAccountSchema> | undefined,
) {
  const payment = await loadInScope(deps.db, context, repo.PAYMENT, id, 'assistance.disburse');
  await deps.db.transaction(async (tx) => {
    const moved = await repo.movePayment(tx, payment, ['failed', 'returned'], {
      status: 'pending',
      batchId: null,
      failureReason: null,
      ...(account
        ? {
            bankName: account.bankName,
            accountName: account.accountName,
            accountNumberEnc: deps.cipher.encrypt(account.accountNumber),
          }
        : {}),
    });
    if (!moved) throw new AppError(409, 'assistance.payment_state');
    await paymentEvent(tx, moved, context, 'reissue', account ? 'account changed' : undefined);
  });
  return { id, status: 'pending' as const };
}

/** A payment that will not be made: its money goes back to the budget and the household's need is free again. */
export async function cancelPayment(deps: AssistanceDeps, context: RequestContext, id: number) {
  const payment = await loadInScope(deps.db, context, repo.PAYMENT, id, 'assistance.disburse');
  await deps.db.transaction(async (tx) => {
    const cancelled = await repo.movePayment(tx, payment, ['pending', 'failed', 'returned'], { status: 'cancelled' });
    if (!cancelled) throw new AppError(409, 'assistance.payment_state');
    await repo.releaseCommitted(
      tx,
      { id: cancelled.budgetId, provinceCode: cancelled.provinceCode },
      cancelled.amountFen,
    );
    await repo.releaseNeed(tx, { id: cancelled.applicationId, provinceCode: cancelled.provinceCode });
    await paymentEvent(tx, cancelled, context, 'cancel');
  });
  return { id, status: 'cancelled' as const };
}

export async function findBatchRow(db: Executor, id: number) {
  const row = await repo.findBatch(db, id);
  if (!row) throw notFound();
  return row;
}
