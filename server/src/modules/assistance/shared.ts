import type { DocumentKind } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import {
  type DocumentOwner,
  MAX_DOCUMENT_BYTES,
  readStoredDocument,
  storeDocument as storeInStore,
} from '../../platform/documents';
import { AppError, notFound } from '../../platform/errors';
import { documentOf, insertDocument } from './documents.repository';

export type AssistanceDeps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'rolePermissions'>;

export { userNames } from '../accounts';

/** Whole months from `from` to `to` (both YYYY-MM-DD). */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return Math.max(0, (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0));
}

/**
 * Evidence for an application or a hardship file: typed by its content (never its name), hashed,
 * stored with its owner, and the upload audited on the owner, in one transaction.
 */
export async function storeDocument(
  deps: Pick<AssistanceDeps, 'db'>,
  context: RequestContext,
  owner: Owner,
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  if (file.content.length > MAX_DOCUMENT_BYTES) throw new AppError(413, 'assistance.document_too_large');
  const application = owner.of === 'application';
  await deps.db.transaction(async (tx) => {
    const stored = await storeInStore(tx, context, storeOwner(owner), file, {
      action: application ? 'assistance.document_add' : 'hardship_file.document_add',
      wrongType: 'assistance.document_type',
      changes: { kind },
    });
    await insertDocument(tx, {
      id: stored.id,
      provinceCode: owner.provinceCode,
      ...(application ? { applicationId: owner.id } : { fileId: owner.id }),
      kind,
      uploadedBy: context.actor.userId,
    });
  });
}

type Owner = { provinceCode: string; organisationId: number; id: number; of: 'application' | 'file' };

/** An application or a file as the owner of its documents, for their audit rows. */
const storeOwner = (owner: Owner): DocumentOwner => ({
  provinceCode: owner.provinceCode,
  organisationId: owner.organisationId,
  subjectType: owner.of === 'application' ? 'assistance_application' : 'hardship_file',
  subjectId: owner.id,
});

/** One of an owner's documents, for a reader already allowed to see the owner; the read is audited. */
export async function readOwnedDocument(db: Executor, context: RequestContext, owner: Owner, documentId: string) {
  const link = await documentOf(db, owner, documentId);
  if (!link) throw notFound();
  const action = owner.of === 'application' ? 'assistance.document_read' : 'hardship_file.document_read';
  return readStoredDocument(db, context, storeOwner(owner), link.id, action);
}
