import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from './errors';
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
