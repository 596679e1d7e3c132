import { type batchBodySchema, type Locale, maskBankAccount, type PaymentStatus, translate } from '@gonghui/contract';
import ExcelJS from 'exceljs';
import type { z } from 'zod';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { csvField, csvIdentity, neutraliseWorkbook, safeText } from '../../platform/export-cells';
import { provinceOf } from '../../platform/province';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import type { BatchRow } from './payments.repository';
import * as repo from './payments.repository';
import type { AssistanceDeps } from './shared';

// Bank batches: what waits to be paid, a batch made of it, and the bank file exported from it.

/** Batches of the organisations in the actor's disbursement scope, and what waits to be batched. */
export async function listBatches(deps: AssistanceDeps, context: RequestContext) {
  const scope = scopeOf(context.actor, 'assistance.disburse');
  const [batches, pending] = await Promise.all([repo.batchesIn(deps.db, scope), repo.pendingIn(deps.db, scope)]);
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

export async function getBatch(deps: AssistanceDeps, context: RequestContext, id: number) {
  const { batch, organisationName } = await loadInScope(deps.db, context, repo.BATCH, id, 'assistance.disburse');
  return batchView(deps, batch, organisationName);
}

async function batchView(deps: AssistanceDeps, batch: BatchRow, organisationName: string) {
  const payments = await repo.paymentsOfBatch(deps.db, batch);
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
  const organisation = await loadInScope(deps.db, context, ORGANISATION, body.organisationId, 'assistance.disburse');
  const provinceCode = provinceOf(organisation.regionCode);
  const existing = async () => {
    if (!idempotencyKey) return undefined;
    return repo.batchByIdempotencyKey(deps.db, { organisationId: organisation.id, provinceCode }, idempotencyKey);
  };
  const before = await existing();
  if (before) return batchView(deps, before, organisation.name);
  try {
    const batch = await deps.db.transaction(async (tx) => {
      const created = await repo.insertBatch(tx, {
        provinceCode,
        organisationId: organisation.id,
        idempotencyKey: idempotencyKey ?? null,
        createdBy: context.actor.userId,
      });
      const moved = await repo.batchPending(tx, created, body.programmeId);
      if (moved.length === 0) throw new AppError(422, 'assistance.nothing_to_batch');
      await recordAudit(tx, context, {
        action: 'assistance.batch_create',
        subjectType: 'assistance_batch',
        subjectId: created.id,
        organisationId: organisation.id,
        changes: { payments: moved.length },
      });
      return created;
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
  const { batch } = await loadInScope(deps.db, context, repo.BATCH, id, 'assistance.disburse');
  if (batch.status === 'closed') throw new AppError(409, 'assistance.batch_state');
  const payments = await repo.paymentsOfBatch(deps.db, batch);
  const purpose = await repo.programmeNamesOf(
    deps.db,
    batch.provinceCode,
    payments.map((p) => p.applicationId),
  );
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
      await repo.markExported(tx, batch);
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
