import { translate } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './http';

// A NUL cannot be stored in PostgreSQL text (the query fails), and a lone UTF-16 surrogate is
// silently turned into U+FFFD on the way to the database: both are refused before any handler.
const NUL_OR_LONE_SURROGATE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string can be stored and shown as it was sent. */
export function isCleanText(text: string): boolean {
  return !NUL_OR_LONE_SURROGATE.test(text);
}

/** The path of the first string (value or key) that is not clean text, or null. */
export function findUncleanText(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return isCleanText(value) ? null : path;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, child] of Object.entries(value)) {
    if (!isCleanText(key)) return [...path, key];
    const found = findUncleanText(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The one edge check for text every route shares: params, query and a parsed body with a NUL or
 * a lone surrogate anywhere are answered 400 (`invalid_text`, naming the field) before validation
 * and before any handler, so nothing is written. An empty PATCH is answered 400 (`empty_patch`).
 * Multipart bodies are parsed by their handlers, through `receiveUpload`, which applies the same rule
 * to file names and fields.
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    for (const [source, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const path = findUncleanText(value);
      if (path) {
        const field = [source, ...path].join('.');
        return sendProblem(
          reply,
          problem(request, 400, 'invalid_text', {
            errors: [
              {
                field,
                code: 'validation.invalid_text',
                message: translate(request.locale, 'validation.invalid_text', {}),
              },
            ],
          }),
        );
      }
    }
    if (request.method === 'PATCH') {
      const body = request.body;
      const isEmpty =
        body === undefined ||
        body === null ||
        (typeof body === 'object' && Object.values(body).every((v) => v === undefined));
      if (isEmpty) return sendProblem(reply, problem(request, 400, 'empty_patch'));
    }
  });
}
