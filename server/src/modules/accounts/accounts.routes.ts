import { authEndpoints } from '@gonghui/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import type * as rules from './account-rules';
import { SESSION_COOKIE, SIGNED_IN_HINT_COOKIE } from './auth.hook';
import * as login from './login.service';
import * as profile from './profile.service';
import * as sessions from './session.service';
import { todoOf } from './todo.service';

export function accountsRoutes(app: FastifyInstance, deps: AppDeps) {
  const loginLimit = { max: deps.config.rateLimit.loginPerMinute, timeWindow: '1 minute' };
  const client = (request: { ip: string; headers: Record<string, unknown>; id: string }) => ({
    ip: request.ip,
    userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
    requestId: request.id,
  });
  const setSessionCookie = (reply: FastifyReply, session: rules.IssuedSession) =>
    reply
      .setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
        expires: session.expiresAt,
      })
      .setCookie(SIGNED_IN_HINT_COOKIE, '1', {
        path: '/',
        httpOnly: false,
        sameSite: 'lax',
        secure: deps.config.secureCookies,
        expires: session.expiresAt,
      });

  route(
    app,
    authEndpoints.loginWithPassword,
    { config: { public: true, rateLimit: loginLimit } },
    async (request, reply) => {
      const session = await login.loginWithPassword(deps, request.body, client(request));
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  route(
    app,
    authEndpoints.requestSmsLoginCode,
    { config: { public: true, rateLimit: loginLimit } },
    async (request, reply) => {
      await login.requestSmsLoginCode(deps, request.body.mobile, request.locale, {
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
      const session = await login.loginWithSmsCode(deps, request.body, client(request), {
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
      await sessions.logout(deps, contextOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(SIGNED_IN_HINT_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.getMe,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) =>
      profile.getMe(deps, contextOf(request), {
        actor: request.actor!,
        csrfToken: request.csrfToken ?? '',
        mustEnrolTotp: request.mustEnrolTotp,
      }),
  );

  route(app, authEndpoints.getTodo, { config: { authenticated: true } }, async (request) =>
    todoOf(deps, contextOf(request)),
  );

  route(
    app,
    authEndpoints.updateMe,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await profile.updateMe(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.changePassword,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await profile.changePassword(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  route(
    app,
    authEndpoints.startTotpSetup,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => profile.startTotpSetup(deps, contextOf(request)),
  );

  route(
    app,
    authEndpoints.enableTotp,
    { config: { authenticated: true, allowDuringTotpEnrolment: true } },
    async (request) => {
      await profile.enableTotp(deps, contextOf(request), request.body.code);
      return { ok: true as const };
    },
  );

  route(app, authEndpoints.disableTotp, { config: { authenticated: true } }, async (request) => {
    await profile.disableTotp(deps, contextOf(request), request.body.code);
    return { ok: true as const };
  });

  route(app, authEndpoints.listMySessions, { config: { authenticated: true } }, async (request) =>
    profile.listMySessions(deps, contextOf(request)),
  );

  route(app, authEndpoints.revokeMySession, { config: { authenticated: true } }, async (request) => {
    await profile.revokeMySession(deps, contextOf(request), request.params.id);
    return { ok: true as const };
  });

  route(app, authEndpoints.listApiTokens, { config: { authenticated: true } }, async (request) =>
    profile.listApiTokens(deps, contextOf(request)),
  );

  route(app, authEndpoints.createApiToken, { config: { authenticated: true } }, async (request, reply) =>
    reply.status(201).send(await profile.createApiToken(deps, contextOf(request), request.body)),
  );

  route(app, authEndpoints.revokeApiToken, { config: { authenticated: true } }, async (request) => {
    await profile.revokeApiToken(deps, contextOf(request), request.params.id);
    return { ok: true as const };
  });
}
