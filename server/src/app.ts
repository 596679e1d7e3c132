import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Permission, Role } from '@gonghui/contract';
import Fastify, { type FastifyContextConfig, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Config } from './config';
import { type Db, ping } from './db/client';
import { MODULES } from './modules';
import { registerAuthHook } from './modules/accounts/auth.hook';
import type { FoundSession, RolePermissions } from './platform/access';
import type { PiiCipher } from './platform/crypto';
import type { AppDeps } from './platform/deps';
import { problem, registerErrorHandling, sendProblem } from './platform/http';
import { registerInputGuard } from './platform/input-guard';
import type { ModuleManifest } from './platform/module';
import { SessionCache } from './platform/session-cache';
import type { SmsProvider } from './platform/sms';
import { createLogWechatProvider, type WechatProvider } from './platform/wechat';

export interface RouteEntry {
  method: string;
  url: string;
  config: FastifyContextConfig;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its access declaration, as registered. */
    routeTable: RouteEntry[];
  }
}

export interface BuildAppOptions {
  db: Db;
  config: Config;
  cipher: PiiCipher;
  sms: SmsProvider;
  /** WeChat subscribe messages; by default written to the log. */
  wechat?: WechatProvider;
  logger?: boolean | object;
  modules?: readonly ModuleManifest[];
}

export function rolePermissionsOf(modules: readonly ModuleManifest[]): RolePermissions {
  const map = new Map<Role, Set<Permission>>();
  for (const module of modules) {
    for (const { key, grantedTo } of module.permissions) {
      for (const role of grantedTo) {
        const set = map.get(role) ?? new Set<Permission>();
        set.add(key);
        map.set(role, set);
      }
    }
  }
  return map;
}

/** Log lines carry no cookies, tokens, query strings (which may hold a phone number) or bodies. */
const logSerializers = {
  req(request: { method: string; url: string; id: string }) {
    return { id: request.id, method: request.method, path: request.url.split('?')[0] };
  },
};

/** The one place the HTTP app is assembled: `gonghui serve` and every test call it. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const modules = options.modules ?? MODULES;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            serializers: logSerializers,
            redact: {
              paths: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
              remove: true,
            },
            ...(typeof options.logger === 'object' ? options.logger : {}),
          },
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : randomUUID();
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // Documentation and the web app's files are public by decision; API routes must declare.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs') || !route.url.startsWith('/api/')) {
      route.config = { ...(route.config ?? {}), public: true };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routeTable.push({ method, url: route.url, config: { ...(route.config ?? {}) } });
  });

  registerErrorHandling(app);
  registerInputGuard(app);
  // Security headers from helmet, built once (the Fastify wrapper rebuilds them on every request).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.secureCookies,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });
  await app.register(cookie);
  // Uploads (rosters, check-off sheets) stream to disk; one file per request.
  await app.register(multipart, { limits: { fileSize: 512 * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(rateLimit, {
    max: config.rateLimit.perMinute,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gonghui API',
        version: '1',
        description:
          'The smart-trade-union platform. Sign in with POST /api/v1/auth/login (cookie + X-CSRF-Token) or send an API token as `Authorization: Bearer`. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gh_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  const sessions = new SessionCache<FoundSession>(options.db.$client, config.sessions.cacheSeconds * 1000);
  await sessions.start();
  app.addHook('onClose', async () => sessions.close());
  const deps: AppDeps = {
    sessions,
    db: options.db,
    config,
    cipher: options.cipher,
    sms: options.sms,
    wechat: options.wechat ?? createLogWechatProvider((line) => app.log.info(line)),
    rolePermissions: rolePermissionsOf(modules),
    personalData: modules.flatMap((m) => (m.personalData ? [m.personalData] : [])),
    todo: modules.flatMap((m) => (m.todo ? [m.todo] : [])),
    auditNames: Object.assign({}, ...modules.map((m) => m.auditNames ?? {})),
  };
  registerAuthHook(app, deps);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    await ping(options.db);
    return reply.send({ status: 'ok' });
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  await app.register(
    async (api) => {
      for (const module of modules) module.routes(api, deps);
    },
    { prefix: '/api/v1' },
  );
  await serveWebApp(app, config.webDist);
  return app;
}

/** Hashed build output: its name changes with its content, so a browser may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The built web app. Hashed assets are served precompressed (brotli or gzip, whichever the browser
 * takes; the build writes both) and cached for good; everything else (index.html, the icons,
 * robots.txt) is revalidated. A path that looks like a page (no file extension) falls back to
 * index.html for the client-side router; any other unknown path is a 404, not the app's HTML.
 */
async function serveWebApp(app: FastifyInstance, webDist: string) {
  const hasBuild = fs.existsSync(path.join(webDist, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: false,
      index: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const relative = path.relative(webDist, filePath).split(path.sep);
        res.setHeader('cache-control', relative[0] === 'assets' ? IMMUTABLE : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const { pathname } = new URL(request.url, 'http://localhost');
    const page = !pathname.startsWith('/api/') && !/\.[^/]*$/.test(pathname);
    if ((request.method === 'GET' || request.method === 'HEAD') && hasBuild && page) {
      // (setHeaders above marks it no-cache.)
      return reply.type('text/html').sendFile('index.html');
    }
    return sendProblem(reply, problem(request, 404, 'not_found'));
  });
}
