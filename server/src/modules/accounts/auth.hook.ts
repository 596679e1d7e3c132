import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can } from '../../platform/access';
import { AppError } from '../../platform/errors';
import type { AccountsDeps } from './account-rules';
import { resolveApiToken, resolveSession } from './session.service';

export const SESSION_COOKIE = 'gh_session';
/**
 * Set beside the session cookie, readable by the page (it holds no secret, only "1"): the web app
 * asks who is signed in only when it is there, so a signed-out visit makes no request that fails.
 */
export const SIGNED_IN_HINT_COOKIE = 'gh_signed_in';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function identify(deps: AccountsDeps, request: FastifyRequest) {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    request.actor = await resolveApiToken(deps, authorization.slice(7).trim());
    if (!request.actor) throw new AppError(401, 'unauthenticated');
    return;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await resolveSession(deps, cookie);
  if (!session) return;
  request.actor = session.actor;
  request.csrfToken = session.csrfToken;
  request.mustEnrolTotp = session.mustEnrolTotp;
}

/**
 * Who is asking, and may they call this route: every route declares `public`, `authenticated` or a
 * `permission`; one that declares none is refused. Writes made with the session cookie must carry
 * the session's CSRF token.
 */
export function registerAuthHook(app: FastifyInstance, deps: AccountsDeps) {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('mustEnrolTotp', false);
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // No route matched (the not-found handler answers) or a public route: nothing to protect.
    if (request.is404 || config.public) return;
    await identify(deps, request);
    const actor = request.actor;
    if (!actor) throw new AppError(401, 'unauthenticated');
    if (actor.via === 'session' && UNSAFE_METHODS.has(request.method)) {
      if (request.headers['x-csrf-token'] !== request.csrfToken) throw new AppError(403, 'csrf_failed');
    }
    if (request.mustEnrolTotp && !config.allowDuringTotpEnrolment) throw new AppError(403, 'totp_enrolment_required');
    if (config.permission) {
      if (!can(actor, config.permission)) throw new AppError(403, 'forbidden');
      return;
    }
    if (!config.authenticated) throw new AppError(403, 'forbidden');
    // A token acts for an integration, not as its owner: it may read /me but not manage the account.
    if (actor.via === 'token' && !(request.method === 'GET' && request.routeOptions.url === '/api/v1/me')) {
      throw new AppError(403, 'forbidden');
    }
  });
}
