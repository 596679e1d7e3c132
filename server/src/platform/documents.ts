import { createHash } from 'node:crypto';
import type { AuditAction, AuditSubject } from '@gonghui/contract';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Executor } from '../db/client';
import type { RequestContext } from './access';
import { recordAudit } from './audit';
import { findDocument, insertDocument } from './documents.repository';
import { AppError, notFound } from './errors';
import { firstUploadedFile, multipartProblem } from './uploads';

/** The document types users may upload anywhere: PDF, Word, JPEG and PNG. */
const DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'image/jpeg',
  'image/png',
]);
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** The one file of a multipart upload, refused (413, `tooLarge`) beyond the document limit. */
export async function uploadedDocument(request: FastifyRequest, tooLarge = 'body_too_large') {
  const { file } = await firstUploadedFile(request, { fileSize: MAX_DOCUMENT_BYTES });
  const content = await file.toBuffer().catch((error: unknown) => {
    const problem = multipartProblem(error);
    throw problem.status === 413 ? new AppError(413, tooLarge) : problem;
  });
  if (file.file.truncated) throw new AppError(413, tooLarge);
  return { fileName: file.filename, content };
}

/**
 * A document's type read from its content, never its name, and its SHA-256; refuses (415, with
 * the module's problem code) anything but the document types.
 */
export async function examineDocument(content: Buffer, wrongType: string) {
  const detected = await fileTypeFromBuffer(content);
  if (!detected || !DOCUMENT_TYPES.has(detected.mime)) throw new AppError(415, wrongType);
  return { mediaType: detected.mime, size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}

/** What a document is attached to: the audit rows of its upload and of every read name it. */
export interface DocumentOwner {
  provinceCode: string;
  organisationId: number | null;
  subjectType: AuditSubject;
  subjectId: string | number;
}

/**
 * Stores an uploaded document in the one document store, typed by its content (415 with the
 * module's `wrongType` otherwise), hashed, and its upload audited on its owner: in the caller's
 * transaction, with the module's link row. Returns the document's id and what was read off it.
 */
export async function storeDocument(
  tx: Executor,
  context: Partial<RequestContext> | null,
  owner: DocumentOwner,
  file: { fileName: string; content: Buffer },
  audit: { action: AuditAction; wrongType: string; changes?: Record<string, unknown> },
) {
  const examined = await examineDocument(file.content, audit.wrongType);
  const id = await insertDocument(tx, {
    provinceCode: owner.provinceCode,
    fileName: file.fileName.slice(0, 200),
    ...examined,
    content: file.content,
    uploadedBy: context?.actor?.userId ?? null,
  });
  await recordAudit(tx, context, {
    action: audit.action,
    subjectType: owner.subjectType,
    subjectId: owner.subjectId,
    organisationId: owner.organisationId,
    changes: {
      documentId: id,
      fileName: file.fileName,
      sha256: examined.sha256,
      size: examined.size,
      ...audit.changes,
    },
  });
  return { id, ...examined };
}

/**
 * A stored document, for a reader the module has already authorised for its owner; every read is
 * audited (the document, its hash and who read it), so no module can serve a file unrecorded.
 */
export async function readStoredDocument(
  db: Executor,
  context: Partial<RequestContext>,
  owner: DocumentOwner,
  documentId: string,
  action: AuditAction,
) {
  const document = await findDocument(db, documentId, owner.provinceCode);
  if (!document) throw notFound();
  await recordAudit(db, context, {
    action,
    subjectType: owner.subjectType,
    subjectId: owner.subjectId,
    organisationId: owner.organisationId,
    changes: { documentId, sha256: document.sha256 },
  });
  return document;
}
