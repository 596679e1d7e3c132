import { type Endpoint, type EndpointArgs, type EndpointResult, endpointPath, type Problem } from '@gonghui/contract';
import type { z } from 'zod';
import { i18n } from '../i18n';

let csrfToken: string | null = null;

/** The session's CSRF token, sent with every write (from login and /me). */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Whether writes can be sent: the session's token is known (a page opened offline has none yet). */
export const hasCsrfToken = () => Boolean(csrfToken);

/** A problem+json answer from the server, already translated into the user's language. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
  get status() {
    return this.problem.status;
  }
}

/** Calls the API and parses the answer with the schema given. */
async function request<S extends z.ZodType>(
  method: Endpoint['method'],
  path: string,
  schema: S | undefined,
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
  return (schema ? schema.parse(data) : data) as z.infer<S>;
}

/** The call's arguments: optional when the endpoint needs none. */
// biome-ignore lint/complexity/noBannedTypes: `{}` is the type of an argument list with no required part.
export type OptionalArgs<E> = {} extends EndpointArgs<E> ? [EndpointArgs<E>?] : [EndpointArgs<E>];

/**
 * Calls an endpoint declared in the contract: its path filled from `params`, `query` appended, the
 * answer parsed with its response schema, so a page cannot pair a URL with the wrong schema.
 */
export function call<E extends Endpoint>(definition: E, ...[args]: OptionalArgs<E>): Promise<EndpointResult<E>> {
  const path = endpointPath(definition, args?.params as Record<string, unknown> | undefined);
  const search = query((args?.query ?? {}) as QueryValues);
  return request(definition.method, `${path}${search}`, definition.response, args?.body, args?.headers) as Promise<
    EndpointResult<E>
  >;
}

/** The address of a GET endpoint (a download), for a link. */
export function href<E extends Endpoint>(definition: E, ...[args]: OptionalArgs<E>): string {
  const path = endpointPath(definition, args?.params as Record<string, unknown> | undefined);
  return `/api/v1${path}${query((args?.query ?? {}) as QueryValues)}`;
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

type QueryValues = Record<string, string | number | boolean | undefined | null>;

function query(params: QueryValues): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Uploads a file (multipart) to an endpoint declared in the contract and parses its answer. */
export async function upload<E extends Endpoint>(
  definition: E,
  args: Pick<EndpointArgs<E>, 'params' | 'query'>,
  file: File,
  fields: Record<string, string>,
): Promise<EndpointResult<E>> {
  const path = `${endpointPath(definition, args.params as Record<string, unknown> | undefined)}${query((args.query ?? {}) as QueryValues)}`;
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file);
  const headers: Record<string, string> = { 'accept-language': i18n.language };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  const response = await fetch(`/api/v1${path}`, { method: 'POST', headers, body: form, credentials: 'same-origin' });
  const data: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw problemError(response, data);
  return (definition.response ? definition.response.parse(data) : data) as EndpointResult<E>;
}
