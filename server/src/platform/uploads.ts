import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import yauzl from 'yauzl';
import { AppError, ValidationProblem } from './errors';
import { isCleanText } from './input-guard';

export type SpreadsheetFormat = 'csv' | 'xlsx';

/** What an .xlsx may expand to when unzipped: a million-row roster is some 700 MB. */
export const MAX_XLSX_EXPANDED_BYTES = 2 * 1024 * 1024 * 1024;
/** Real workbooks compress 5–20 times; a zip bomb a thousand times and more. */
export const MAX_XLSX_RATIO = 200;
const SMALL_ENOUGH_FOR_ANY_RATIO = 64 * 1024 * 1024;

/**
 * The first file of a multipart request, with broken multipart (truncated, no boundary, a part
 * without a file) answered 400 `malformed_multipart` and a file name or field holding a NUL or a
 * lone surrogate answered 400 `invalid_text`, as JSON bodies are by the input guard.
 */
export async function firstUploadedFile(request: FastifyRequest, limits: { fileSize?: number } = {}) {
  let file: MultipartFile | undefined;
  try {
    file = await request.file({ limits });
  } catch (error) {
    throw multipartProblem(error);
  }
  if (!file) throw new ValidationProblem([{ field: 'file', messageKey: 'validation.required' }]);
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(file.fields)) {
    const field = Array.isArray(value) ? value[0] : value;
    if (field && 'value' in field && typeof field.value === 'string') fields[name] = field.value;
  }
  if (!isCleanText(file.filename) || Object.entries(fields).some(([k, v]) => !isCleanText(k) || !isCleanText(v))) {
    file.file.resume();
    throw new AppError(400, 'invalid_text');
  }
  return { file, fields };
}

/** An error met while reading multipart: too large stays 413, anything else is the client's 400. */
export function multipartProblem(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { code, statusCode } = error as { code?: string; statusCode?: number };
  if (statusCode === 413 || code === 'FST_REQ_FILE_TOO_LARGE') return new AppError(413, 'body_too_large');
  return new AppError(400, 'malformed_multipart');
}

export function formatOfFileName(name: string): SpreadsheetFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  return null;
}

/**
 * Saves an uploaded spreadsheet to a private temporary folder, checks that it is what its name
 * says and, for .xlsx, what it would expand to, and returns it; on any refusal or failure the
 * folder is removed before the error leaves. The caller removes it with `removeUpload` after use.
 */
export async function receiveSpreadsheet(request: FastifyRequest): Promise<{
  fileName: string;
  path: string;
  format: SpreadsheetFormat;
  fields: Record<string, string>;
}> {
  const { file, fields } = await firstUploadedFile(request);
  const format = formatOfFileName(file.filename);
  if (!format) {
    file.file.resume();
    throw new AppError(415, 'membership.file_unreadable');
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-upload-'));
  const target = path.join(directory, `upload.${format}`);
  try {
    await pipeline(file.file, fs.createWriteStream(target, { mode: 0o600 })).catch((error: unknown) => {
      throw multipartProblem(error);
    });
    if (file.file.truncated) throw new AppError(413, 'body_too_large');
    await checkSpreadsheet(target, format);
    return { fileName: file.filename, path: target, format, fields };
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
}

/** Removes an upload saved by receiveSpreadsheet. */
export function removeUpload(filePath: string) {
  fs.rmSync(path.dirname(filePath), { recursive: true, force: true });
}

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from('PK\u0003\u0004', 'latin1');

/**
 * Refuses an empty file, an old .xls or anything else renamed to .xlsx, and an .xlsx that would
 * expand past the limits (read from its central directory, then checked against what inflating
 * every entry really yields, since a zip's declared sizes can lie), before any parser sees it.
 */
export async function checkSpreadsheet(filePath: string, format: SpreadsheetFormat) {
  const size = fs.statSync(filePath).size;
  if (size === 0) throw new AppError(422, 'upload.empty');
  if (format === 'csv') return;
  const head = Buffer.alloc(8);
  const handle = fs.openSync(filePath, 'r');
  try {
    fs.readSync(handle, head, 0, 8, 0);
  } finally {
    fs.closeSync(handle);
  }
  if (head.equals(OLE2)) throw new AppError(422, 'upload.xls_not_xlsx');
  if (!head.subarray(0, 4).equals(ZIP)) throw new AppError(422, 'membership.file_unreadable');
  const limit = Math.min(MAX_XLSX_EXPANDED_BYTES, Math.max(SMALL_ENOUGH_FOR_ANY_RATIO, size * MAX_XLSX_RATIO));
  await inflateWithin(filePath, limit);
}

function inflateWithin(filePath: string, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(error instanceof AppError ? error : new AppError(422, 'membership.file_unreadable'));
    yauzl.open(filePath, { lazyEntries: true, validateEntrySizes: true }, (openError, zip) => {
      if (openError || !zip) return fail(openError);
      let declared = 0;
      let inflated = 0;
      let hasWorkbook = false;
      const stop = (error: unknown) => {
        zip.close();
        fail(error);
      };
      zip.on('error', stop);
      zip.on('end', () => (hasWorkbook ? resolve() : fail(null)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName === 'xl/workbook.xml') hasWorkbook = true;
        declared += entry.uncompressedSize;
        if (declared > limit) return stop(new AppError(413, 'upload.expands_too_far'));
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return stop(streamError);
          const counter = new Writable({
            write(chunk: Buffer, _encoding, done) {
              inflated += chunk.length;
              done(inflated > limit ? new AppError(413, 'upload.expands_too_far') : null);
            },
          });
          pipeline(stream, counter).then(() => zip.readEntry(), stop);
        });
      });
      zip.readEntry();
    });
  });
}
