import { usersEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import * as users from './users.service';

export function usersRoutes(app: FastifyInstance, deps: AppDeps) {
  route(app, usersEndpoints.listUsers, { config: { permission: 'user.read' } }, async (request) =>
    users.listUsers(deps, contextOf(request), request.query),
  );

  route(app, usersEndpoints.createUser, { config: { permission: 'user.manage' } }, async (request, reply) =>
    reply.status(201).send(await users.createUser(deps, contextOf(request), request.body)),
  );

  route(app, usersEndpoints.assignRole, { config: { permission: 'user.manage' } }, async (request) => {
    await users.assignRole(deps, contextOf(request), request.params.id, request.body);
    return { ok: true as const };
  });

  route(app, usersEndpoints.revealUserField, { config: { permission: 'pii.reveal' } }, async (request) =>
    users.revealUserField(deps, contextOf(request), request.params.id, request.body),
  );
}
