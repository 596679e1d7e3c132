import type { DocumentKind, Permission } from '@gonghui/contract';
import { inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { examineDocument, MAX_DOCUMENT_BYTES } from '../../platform/documents';
import { AppError } from '../../platform/errors';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { users } from '../accounts/accounts.tables';
import { assistanceDocuments } from './assistance.tables';

export type AssistanceDeps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'rolePermissions'>;

/** Display names of users by id. */
export const userNames = (db: Executor, ids: readonly (string | null)[]) => {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return Promise.resolve(new Map<string, string>());
  return db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, wanted))
    .then((rows) => new Map(rows.map((r) => [r.id, r.name])));
};

/** An active organisation in the subtrees where the actor holds `permission`; refused (and audited) otherwise. */
export async function organisationInScope(db: Executor, context: RequestContext, id: number, permission: Permission) {
  const row = await findOrganisation(db, id);
  if (row?.status !== 'active' || !isWithin(row.path, scopeOf(context.actor, permission))) {
    return refuseOutOfScope(db, context, { type: 'organisation', id, exists: async () => row !== undefined });
  }
  return row;
}

/** The ids on an ltree path, root first: `1.4.9` → [1, 4, 9]. */
export const idsOnPath = (path: string) => path.split('.').map(Number);

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
    const [stored] = await tx
      .insert(assistanceDocuments)
      .values({
        provinceCode: owner.provinceCode,
        ...(application ? { applicationId: owner.id } : { fileId: owner.id }),
        kind,
        fileName: file.fileName.slice(0, 200),
        mediaType,
        size,
        sha256,
        content: file.content,
        uploadedBy: context.actor.userId,
      })
      .returning({ id: assistanceDocuments.id });
    await recordAudit(tx, context, {
      action: application ? 'assistance.document_add' : 'hardship_file.document_add',
      subjectType: application ? 'assistance_application' : 'hardship_file',
      subjectId: owner.id,
      organisationId: owner.organisationId,
      changes: { documentId: stored!.id, kind, sha256, size },
    });
  });
}
