import {
  apiTokenSchema,
  changePasswordBodySchema,
  createApiTokenBodySchema,
  createdApiTokenSchema,
  loginBodySchema,
  meSchema,
  okSchema,
  sessionSchema,
  smsLoginBodySchema,
  smsRequestBodySchema,
  totpCodeBodySchema,
  totpSetupSchema,
  updateMeBodySchema,
  uuidParamSchema,
} from '@gonghui/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import * as service from './accounts.service';
import { SESSION_COOKIE } from './auth.hook';

const loggedInSchema = z.object({ csrfToken: z.string(), expiresAt: z.string() });

export function accountsRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
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

  api.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags,
        summary: 'Sign in with a username or mobile number and a password',
        body: loginBodySchema,
        response: { 200: loggedInSchema },
      },
    },
    async (request, reply) => {
      const session = await service.loginWithPassword(deps, request.body, client(request));
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  api.post(
    '/auth/sms/request',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags,
        summary: 'Send a one-time login code by SMS',
        body: smsRequestBodySchema,
        response: { 202: okSchema },
      },
    },
    async (request, reply) => {
      await service.requestSmsLoginCode(deps, request.body.mobile, request.locale, {
        allowSignUp: request.body.signUp === true,
      });
      return reply.status(202).send({ ok: true });
    },
  );

  api.post(
    '/auth/sms/login',
    {
      config: { public: true, rateLimit: loginLimit },
      schema: {
        tags,
        summary: 'Sign in with a one-time SMS code',
        body: smsLoginBodySchema,
        response: { 200: loggedInSchema },
      },
    },
    async (request, reply) => {
      const session = await service.loginWithSmsCode(deps, request.body, client(request), {
        allowSignUp: request.body.signUp === true,
      });
      setSessionCookie(reply, session);
      return { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  api.post(
    '/auth/logout',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: { tags, summary: 'Sign out and revoke this session', response: { 200: okSchema } },
    },
    async (request, reply) => {
      await service.logout(deps, contextOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  api.get(
    '/me',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: {
        tags,
        summary: 'The signed-in user, roles, permissions, scopes and CSRF token',
        response: { 200: meSchema },
      },
    },
    async (request) =>
      service.getMe(deps, contextOf(request), {
        actor: request.actor!,
        csrfToken: request.csrfToken ?? '',
        mustEnrolTotp: request.mustEnrolTotp,
      }),
  );

  api.patch(
    '/me',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: {
        tags,
        summary: 'Change language, large-text mode or display name',
        body: updateMeBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.updateMe(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  api.post(
    '/me/password',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: {
        tags,
        summary: 'Change password; other sessions are signed out',
        body: changePasswordBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.changePassword(deps, contextOf(request), request.body);
      return { ok: true as const };
    },
  );

  api.post(
    '/me/totp/setup',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: { tags, summary: 'Start two-factor enrolment: a new secret to scan', response: { 200: totpSetupSchema } },
    },
    async (request) => service.startTotpSetup(deps, contextOf(request)),
  );

  api.post(
    '/me/totp/enable',
    {
      config: { authenticated: true, allowDuringTotpEnrolment: true },
      schema: {
        tags,
        summary: 'Finish enrolment with a code from the app',
        body: totpCodeBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.enableTotp(deps, contextOf(request), request.body.code);
      return { ok: true as const };
    },
  );

  api.post(
    '/me/totp/disable',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Turn two-factor off (not allowed where a role requires it)',
        body: totpCodeBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.disableTotp(deps, contextOf(request), request.body.code);
      return { ok: true as const };
    },
  );

  api.get(
    '/me/sessions',
    {
      config: { authenticated: true },
      schema: { tags, summary: 'My signed-in sessions', response: { 200: z.array(sessionSchema) } },
    },
    async (request) => service.listMySessions(deps, contextOf(request)),
  );

  api.delete(
    '/me/sessions/:id',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Sign out one of my sessions',
        params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.revokeMySession(deps, contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );

  api.get(
    '/me/tokens',
    {
      config: { authenticated: true },
      schema: { tags, summary: 'My API tokens', response: { 200: z.array(apiTokenSchema) } },
    },
    async (request) => service.listApiTokens(deps, contextOf(request)),
  );

  api.post(
    '/me/tokens',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Create an API token for an integration',
        body: createApiTokenBodySchema,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createApiToken(deps, contextOf(request), request.body)),
  );

  api.delete(
    '/me/tokens/:id',
    {
      config: { authenticated: true },
      schema: { tags, summary: 'Revoke an API token', params: uuidParamSchema, response: { 200: okSchema } },
    },
    async (request) => {
      await service.revokeApiToken(deps, contextOf(request), request.params.id);
      return { ok: true as const };
    },
  );
}
