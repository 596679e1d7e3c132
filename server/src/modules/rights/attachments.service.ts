import type { RequestContext } from '../../platform/access';
import { type DocumentOwner, MAX_DOCUMENT_BYTES, readStoredDocument, storeDocument } from '../../platform/documents';
import { AppError, notFound } from '../../platform/errors';
import { accessFor, caseByCode, myCase } from './case-access';
import type { RightsDeps } from './case-rules';
import { toCaseView, toReporterView } from './case-views';
import type { CaseRow } from './cases.repository';
import * as repo from './cases.repository';

// Files attached to a case, stored and read only through authorised, audited requests.

// ---- attachments ----

/** A case as the owner of its attachments, for their audit rows. */
const caseOwner = (row: CaseRow): DocumentOwner => ({
  provinceCode: row.provinceCode,
  organisationId: row.organisationId,
  subjectType: 'rights_case',
  subjectId: row.id,
});

export async function storeAttachment(
  deps: RightsDeps,
  row: CaseRow,
  file: { fileName: string; content: Buffer },
  by: { context: RequestContext | null; reporter: boolean },
) {
  if (file.content.length > MAX_DOCUMENT_BYTES) throw new AppError(413, 'rights.attachment_too_large');
  await deps.db.transaction(async (tx) => {
    const stored = await storeDocument(tx, by.context, caseOwner(row), file, {
      action: 'case.attachment_add',
      wrongType: 'rights.attachment_type',
    });
    await repo.insertAttachment(tx, {
      id: stored.id,
      provinceCode: row.provinceCode,
      caseId: row.id,
      uploadedBy: by.context?.actor.userId ?? null,
      byReporter: by.reporter,
    });
  });
}

export async function attachToCase(
  deps: RightsDeps,
  context: RequestContext,
  id: number,
  file: { fileName: string; content: Buffer },
) {
  const access = await accessFor(deps, context, id);
  if (!access.as.includes('handler') && !access.as.includes('dispatcher')) throw new AppError(403, 'forbidden');
  await storeAttachment(deps, access.row, file, { context, reporter: false });
  return toCaseView(deps, access);
}

export async function attachToMyCase(
  deps: RightsDeps,
  context: RequestContext,
  id: number,
  file: { fileName: string; content: Buffer },
) {
  const row = await myCase(deps, context, id);
  await storeAttachment(deps, row, file, { context, reporter: true });
  return toReporterView(deps, row);
}

export async function attachAnonymously(deps: RightsDeps, code: string, file: { fileName: string; content: Buffer }) {
  const row = await caseByCode(deps, code);
  await storeAttachment(deps, row, file, { context: null, reporter: true });
  return toReporterView(deps, row);
}

/** A file of a case, only through this authorised, audited request. */
export async function readAttachment(deps: RightsDeps, context: RequestContext, id: number, attachmentId: string) {
  const row = await repo.findCase(deps.db, id);
  if (row?.reporterUserId !== context.actor.userId) await accessFor(deps, context, id);
  const link = await repo.findAttachment(deps.db, id, attachmentId);
  if (!link) throw notFound();
  return readStoredDocument(deps.db, context, caseOwner(row!), link.id, 'case.attachment_download');
}
