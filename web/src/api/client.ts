import type { Problem } from '@gonghui/contract';
import type { z } from 'zod';
import { i18n } from '../i18n';

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every write (from login and /me). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** A problem+json answer from the server, already translated into the user's language. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

/** Calls the API and parses the answer with the contract's schema, so the types cannot drift. */
export async function api<S extends z.ZodType>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  schema: S,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { 'accept-language': i18n.language, ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // Not ours (a proxy's error page, say): report the status alone.
    data = undefined;
  }
  if (!response.ok) throw problemError(response, data);
  return schema.parse(data);
}

/** The server's problem+json, or (for someone else's error page) the status alone. */
function problemError(response: Response, data: unknown): ApiError {
  return new ApiError(
    (data as Problem | undefined) ?? {
      type: 'about:blank',
      title: response.statusText,
      status: response.status,
      code: 'internal',
    },
  );
}

export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Uploads a file (multipart) and parses the answer with the contract's schema. */
export async function upload<S extends z.ZodType>(
  path: string,
  file: File,
  fields: Record<string, string>,
  schema: S,
): Promise<z.infer<S>> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  const headers: Record<string, string> = { 'accept-language': i18n.language };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemError(response, data);
  return schema.parse(data);
}
