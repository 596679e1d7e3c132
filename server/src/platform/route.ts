import type {
  Endpoint,
  EndpointBody,
  EndpointHeaders,
  EndpointParams,
  EndpointQuery,
  EndpointResult,
  Permission,
} from '@gonghui/contract';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, LogLevel } from 'fastify';

/** A request to an endpoint: its parts already parsed by the endpoint's schemas. */
export type EndpointRequest<E extends Endpoint> = FastifyRequest<{
  Params: EndpointParams<E>;
  Querystring: EndpointQuery<E>;
  Body: EndpointBody<E>;
  Headers: EndpointHeaders<E>;
}>;

export interface RouteOptions {
  /**
   * Who may call it: public, any signed-in user, or a permission (scope is the service's job). The
   * type requires one of the three, so a route cannot be registered declaring none.
   */
  config: FastifyContextConfig & ({ public: true } | { authenticated: true } | { permission: Permission });
  logLevel?: LogLevel;
}

/**
 * Registers the route of an endpoint declared in the contract: method, path and schemas come from
 * the declaration, so the server cannot serve a path with another schema than the web expects.
 */
export function route<E extends Endpoint>(
  app: FastifyInstance,
  definition: E,
  options: RouteOptions,
  handler: (request: EndpointRequest<E>, reply: FastifyReply) => Promise<EndpointResult<E> | FastifyReply | undefined>,
): void {
  app.route({
    method: definition.method,
    url: definition.path,
    config: options.config,
    logLevel: options.logLevel,
    schema: Object.fromEntries(
      Object.entries({
        tags: [...definition.tags],
        summary: definition.summary,
        params: definition.params,
        querystring: definition.query,
        body: definition.body,
        headers: definition.headers,
        consumes: definition.consumes ? [...definition.consumes] : undefined,
        response: definition.response ? { [definition.status ?? 200]: definition.response } : undefined,
      }).filter(([, part]) => part !== undefined),
    ),
    // The request's parts are those of the declaration: fastify's zod validator parsed them. The
    // declared success status is the reply's unless the handler set another (a 201 is declared once).
    handler: (async (request: FastifyRequest, reply: FastifyReply) => {
      if (definition.status !== undefined && definition.status !== 200) reply.status(definition.status);
      return handler(request as unknown as EndpointRequest<E>, reply);
    }) as (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
  });
}
