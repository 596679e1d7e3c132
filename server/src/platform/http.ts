import {
  describeIssues,
  type FieldError,
  type Locale,
  negotiateLocale,
  type Problem,
  translate,
} from '@gonghui/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor, RequestContext } from './access';
import { AppError, ValidationProblem } from './errors';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    actor: Actor | null;
    csrfToken: string | null;
    mustEnrolTotp: boolean;
  }
}

/** The context a service needs; routes reach here only after the auth hook found an actor. */
export function contextOf(request: FastifyRequest): RequestContext {
  if (!request.actor) throw new AppError(401, 'unauthenticated');
  return { actor: request.actor, requestId: request.id, ip: request.ip };
}

export function problem(request: FastifyRequest, status: number, code: string, extra: Partial<Problem> = {}): Problem {
  return {
    type: `urn:gonghui:problem:${code}`,
    title: translate(request.locale, `problem.${code}`, {}),
    status,
    code,
    instance: request.url.split('?')[0],
    requestId: request.id,
    ...extra,
  };
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A file the caller may download (checks done): never cached, never sniffed, named in UTF-8. */
export function sendAttachment(
  reply: FastifyReply,
  file: { mediaType: string; fileName: string; content: Buffer | NodeJS.ReadableStream },
) {
  return reply
    .header('content-type', file.mediaType)
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}

export function sendProblem(reply: FastifyReply, body: Problem) {
  return reply.status(body.status).type('application/problem+json; charset=utf-8').send(body);
}

const FRAMEWORK_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'malformed_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'malformed_json'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'malformed_json'],
};

/** Every error leaves as RFC 9457 problem+json in the request's language; nothing internal leaks. */
export function registerErrorHandling(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    request.locale = negotiateLocale(request.headers['accept-language']);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    request.locale ??= negotiateLocale(request.headers['accept-language']);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const source = (request as unknown as Record<string, unknown>)[error.validationContext ?? 'body'];
      const issues = error.validation.map((v) => {
        const path = v.instancePath.split('/').filter(Boolean);
        // Zod words "expected string, received number" from the input, which finished issues omit.
        const input = path.reduce<unknown>(
          (value, key) => (value as Record<string, unknown> | undefined)?.[key],
          source,
        );
        return { ...(v.params as object), code: v.keyword, path, message: v.message ?? '', input };
      }) as unknown as z.core.$ZodIssue[];
      const errors: FieldError[] = describeIssues(issues, request.locale);
      return sendProblem(reply, problem(request, 400, 'validation_failed', { errors }));
    }
    // The same for fields a handler parses itself, e.g. the text fields of a multipart upload.
    if (error instanceof z.ZodError) {
      const errors: FieldError[] = describeIssues(error.issues, request.locale);
      return sendProblem(reply, problem(request, 400, 'validation_failed', { errors }));
    }
    if (error instanceof ValidationProblem) {
      const errors = error.problems.map((p) => ({
        field: p.field,
        code: p.messageKey,
        message: translate(request.locale, p.messageKey, p.params ?? {}),
      }));
      return sendProblem(reply, problem(request, 422, error.code, { errors }));
    }
    if (error instanceof AppError) {
      const body = problem(request, error.status, error.code);
      body.title = translate(request.locale, `problem.${error.code}`, error.params);
      return sendProblem(reply, body);
    }
    // A unique constraint that a concurrent request won first: the same answer as the pre-check.
    const databaseCode = (error as { cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
    if (databaseCode === '23505') return sendProblem(reply, problem(request, 409, 'conflict'));
    const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
    if (known) return sendProblem(reply, problem(request, known[0], known[1]));
    if (error.statusCode === 429) return sendProblem(reply, problem(request, 429, 'rate_limited'));
    if (isResponseSerializationError(error) || !error.statusCode || error.statusCode >= 500) {
      // A failed query's message lists its parameters, which may be personal data: log the cause.
      const failedQuery = error as FastifyError & { query?: string; params?: unknown; cause?: unknown };
      if (failedQuery.query !== undefined && failedQuery.params !== undefined) {
        request.log.error({ err: failedQuery.cause, query: failedQuery.query }, 'query failed');
      } else {
        request.log.error({ err: error }, 'request failed');
      }
      return sendProblem(reply, problem(request, 500, 'internal'));
    }
    const byStatus: Record<number, string> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' };
    return sendProblem(reply, problem(request, error.statusCode, byStatus[error.statusCode] ?? 'validation_failed'));
  });
}
