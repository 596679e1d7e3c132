import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One HTTP endpoint, declared once: its method and path with the schemas of what it takes and gives.
 * The server registers its route from it and the web calls it through it, so a page cannot pair a
 * URL with the wrong schema.
 */
export interface Endpoint {
  readonly method: HttpMethod;
  /** Fastify-style path under /api/v1, parameters as `:name`. */
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly headers?: z.ZodType;
  /** The success status and the schema of its JSON body; none for a file download. */
  readonly status?: number;
  readonly response?: z.ZodType;
  /** `multipart/form-data` for an upload (its parts are read by the handler). */
  readonly consumes?: readonly string[];
}

/** Declares an endpoint, keeping its exact schema types for the server and the web. */
export function endpoint<const E extends Endpoint>(definition: E): E {
  return definition;
}

type Part<E, K extends keyof Endpoint> = E extends { [P in K]: infer S extends z.ZodType } ? S : undefined;
type Input<S> = S extends z.ZodType ? z.input<S> : undefined;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the server's handler receives, parsed. */
export type EndpointParams<E> = Output<Part<E, 'params'>>;
export type EndpointQuery<E> = Output<Part<E, 'query'>>;
export type EndpointBody<E> = Output<Part<E, 'body'>>;
export type EndpointHeaders<E> = Output<Part<E, 'headers'>>;
/** What the endpoint answers with (parsed on the web, serialised on the server). */
export type EndpointResult<E> = E extends { response: infer S extends z.ZodType } ? z.output<S> : Blob;

/** What a caller passes: each part the endpoint declares, typed by its schema's input. */
export type EndpointArgs<E> = (Part<E, 'params'> extends z.ZodType
  ? { params: Input<Part<E, 'params'>> }
  : { params?: undefined }) &
  (Part<E, 'query'> extends z.ZodType ? { query?: Input<Part<E, 'query'>> } : { query?: undefined }) &
  (Part<E, 'body'> extends z.ZodType ? { body: Input<Part<E, 'body'>> } : { body?: undefined }) & {
    headers?: Record<string, string>;
  };

/** The endpoint's path with its parameters filled in (each one URL-encoded). */
export function endpointPath(definition: Endpoint, params: Record<string, unknown> | undefined): string {
  return definition.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`${definition.path}: missing parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

/** What a caller sends as the body (a form's values are cast to it at the edge; the server validates). */
export type BodyInput<E> = Input<Part<E, 'body'>>;
/** What a caller may send as the query. */
export type QueryInput<E> = Input<Part<E, 'query'>>;
