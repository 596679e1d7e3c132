import { authEndpoints } from '@gonghui/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import * as service from './accounts.service';
import { SESSION_COOKIE } from './auth.hook';

export function accountsRoutes(app: FastifyInstance, deps: AppDeps) {
  const loginLimit = { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' };
  const client = (request: { ip: string; headers: Record<string, unknown>; id: string }) => ({
    ip: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
    requestId: request.id,
  });
  const setSessionCookie = (reply: FastifyReply, session: service.IssuedSession) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.config.secureCookies,
      expires: session.expiresAt,
    });

  route(
    app,
    authEndpoints.loginWithPassword,
    { config: { public: true, rateLimit: loginLimit } },
    async (request, reply) => {
      const session = await service.loginWithPassword(deps, request.body, client(request));
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  route(
    app,
    authEndpoints.requestSmsLoginCode,
    { config: { public: true, rateLimit: loginLimit } },
    async (request, reply) => {
      await service.requestSmsLoginCode(deps, request.body.mobile, request.locale, {
        allowSignUp: request.body.signUp === true,
      });
      return reply.status(202).send({ ok: true });
    },
  );

  route(
    app,
    authEndpoints.loginWithSmsCode,
    { config: { public: true, rateLimit: loginLimit } },
    async (request, reply) => {
      const session = await service.loginWithSmsCode(deps, request.body, client(request), {
        allowSignUp: request.body.signUp === true,
      });
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  route(
    app,
    authEndpoints.logout,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request, reply) => {
      await service.logout(deps, contextOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.getMe,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) =>
      service.getMe(deps, contextOf(request), {
        actor: request.actor!,
        csrfToken: request.csrfToken ?? '',
        mustEnrolTotp: request.mustEnrolTotp,
      }),
  );

  route(
    app,
    authEndpoints.updateMe,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await service.updateMe(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.changePassword,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await service.changePassword(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.startTotpSetup,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => service.startTotpSetup(deps, contextOf(request)),
  );

  route(
    app,
    authEndpoints.enableTotp,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await service.enableTotp(deps, contextOf(request), request.body.code);
      return { ok: true as const };
    },
  );

  route(app, authEndpoints.disableTotp, { config: { authenticated: true } }, async (request) => {
    await service.disableTotp(deps, contextOf(request), request.body.code);
    return { ok: true as const };
  });

  route(app, authEndpoints.listMySessions, { config: { authenticated: true } }, async (request) =>
    service.listMySessions(deps, contextOf(request)),
  );

  route(app, authEndpoints.revokeMySession, { config: { authenticated: true } }, async (request) => {
    await service.revokeMySession(deps, contextOf(request), request.params.id);
    return { ok: true as const };
  });

  route(app, authEndpoints.listApiTokens, { config: { authenticated: true } }, async (request) =>
    service.listApiTokens(deps, contextOf(request)),
  );

  route(app, authEndpoints.createApiToken, { config: { authenticated: true } }, async (request, reply) =>
    reply.status(201).send(await service.createApiToken(deps, contextOf(request), request.body)),
  );

  route(app, authEndpoints.revokeApiToken, { config: { authenticated: true } }, async (request) => {
    await service.revokeApiToken(deps, contextOf(request), request.params.id);
    return { ok: true as const };
  });
}
