import type { DocumentKind } from '@gonghui/contract';
import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { examineDocument, MAX_DOCUMENT_BYTES } from '../../platform/documents';
import { AppError } from '../../platform/errors';
import { insertDocument } from './documents.repository';

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
  owner: { provinceCode: string; organisationId: number; id: number; of: 'application' | 'file' },
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  if (file.content.length > MAX_DOCUMENT_BYTES) throw new AppError(413, 'assistance.document_too_large');
  const { mediaType, size, sha256 } = await examineDocument(file.content, 'assistance.document_type');
  const application = owner.of === 'application';
  await deps.db.transaction(async (tx) => {
    const documentId = await insertDocument(tx, {
      provinceCode: owner.provinceCode,
      ...(application ? { applicationId: owner.id } : { fileId: owner.id }),
      kind,
      fileName: file.fileName.slice(0, 200),
      mediaType,
      size,
      sha256,
      content: file.content,
      uploadedBy: context.actor.userId,
    });
    await recordAudit(tx, context, {
      action: application ? 'assistance.document_add' : 'hardship_file.document_add',
      subjectType: application ? 'assistance_application' : 'hardship_file',
      subjectId: owner.id,
      organisationId: owner.organisationId,
      changes: { documentId, kind, sha256, size },
    });
  });
}
