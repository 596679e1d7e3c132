import {
  assignRoleBodySchema,
  createUserBodySchema,
  listUsersQuerySchema,
  okSchema,
  revealBodySchema,
  revealSchema,
  userPageSchema,
  userSummarySchema,
  uuidParamSchema,
} from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import * as service from './accounts.service';

export function usersRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  api.get(
    '/users',
    {
      config: { permission: 'user.read' },
      schema: {
        tags,
        summary: 'Accounts holding roles in my subtree (personal data masked)',
        querystring: listUsersQuerySchema,
        response: { 200: userPageSchema },
      },
    },
    async (request) => service.listUsers(deps, contextOf(request), request.query),
  );

  api.post(
    '/users',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags,
        summary: 'Create an account with its first role',
        body: createUserBodySchema,
        response: { 201: userSummarySchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createUser(deps, contextOf(request), request.body)),
  );

  api.post(
    '/users/:id/roles',
    {
      config: { permission: 'user.manage' },
      schema: {
        tags,
        summary: 'Grant a role at an organisation in my subtree',
        params: uuidParamSchema,
        body: assignRoleBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => {
      await service.assignRole(deps, contextOf(request), request.params.id, request.body);
      return { ok: true as const };
    },
  );

  api.post(
    '/users/:id/reveal',
    {
      config: { permission: 'pii.reveal' },
      schema: {
        tags,
        summary: 'Reveal a full mobile or ID number, for a reason that is audited',
        params: uuidParamSchema,
        body: revealBodySchema,
        response: { 200: revealSchema },
      },
    },
    async (request) => service.revealUserField(deps, contextOf(request), request.params.id, request.body),
  );
}
