import { organisationsEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import * as employersService from './employers.service';
import * as service from './organisations.service';

export function organisationsRoutes(app: FastifyInstance, deps: AppDeps) {
  route(
    app,
    organisationsEndpoints.listOrganisations,
    { config: { permission: 'organisation.read' } },
    async (request) => service.listOrganisations(deps, contextOf(request), request.query),
  );

  route(app, organisationsEndpoints.getOrganisation, { config: { permission: 'organisation.read' } }, async (request) =>
    service.getOrganisation(deps, contextOf(request), request.params.id),
  );

  route(
    app,
    organisationsEndpoints.createOrganisation,
    { config: { permission: 'organisation.manage' } },
    async (request, reply) =>
      reply.status(201).send(await service.createOrganisation(deps, contextOf(request), request.body)),
  );

  route(
    app,
    organisationsEndpoints.updateOrganisation,
    { config: { permission: 'organisation.manage' } },
    async (request) => service.updateOrganisation(deps, contextOf(request), request.params.id, request.body),
  );

  route(
    app,
    organisationsEndpoints.moveOrganisation,
    { config: { permission: 'organisation.manage' } },
    async (request) => service.moveOrganisation(deps, contextOf(request), request.params.id, request.body.newParentId),
  );

  route(
    app,
    organisationsEndpoints.closeOrganisation,
    { config: { permission: 'organisation.manage' } },
    async (request) => service.closeOrganisation(deps, contextOf(request), request.params.id, request.body.reason),
  );

  route(app, organisationsEndpoints.listEmployers, { config: { permission: 'employer.read' } }, async (request) =>
    employersService.listEmployers(deps, contextOf(request), request.query),
  );

  route(app, organisationsEndpoints.getEmployer, { config: { permission: 'employer.read' } }, async (request) =>
    employersService.getEmployer(deps, contextOf(request), request.params.id),
  );

  route(
    app,
    organisationsEndpoints.createEmployer,
    { config: { permission: 'employer.manage' } },
    async (request, reply) =>
      reply.status(201).send(await employersService.createEmployer(deps, contextOf(request), request.body)),
  );

  route(app, organisationsEndpoints.updateEmployer, { config: { permission: 'employer.manage' } }, async (request) =>
    employersService.updateEmployer(deps, contextOf(request), request.params.id, request.body),
  );
}
