import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError, ValidationProblem } from '../../platform/errors';
import { type FileFormat, formatOfFileName } from './spreadsheet';

/** Saves the uploaded file to a private temporary path; the caller removes it. */
export async function receiveFile(request: FastifyRequest): Promise<{
  file: MultipartFile;
  path: string;
  format: FileFormat;
  fields: Record<string, string>;
}> {
  const file = await request.file();
  if (!file) throw new ValidationProblem([{ field: 'file', messageKey: 'validation.required' }]);
  const format = formatOfFileName(file.filename);
  if (!format) {
    file.file.resume();
    throw new AppError(415, 'membership.file_unreadable');
  }
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-upload-'));
  const target = path.join(directory, `upload.${format}`);
  await pipeline(file.file, fs.createWriteStream(target, { mode: 0o600 }));
  if (file.file.truncated) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw new AppError(413, 'body_too_large');
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(file.fields)) {
    const field = Array.isArray(value) ? value[0] : value;
    if (field && 'value' in field && typeof field.value === 'string') fields[name] = field.value;
  }
  return { file, path: target, format, fields };
}

/** Removes an upload saved by receiveFile. */
export function removeUpload(filePath: string) {
  fs.rmSync(path.dirname(filePath), { recursive: true, force: true });
}
