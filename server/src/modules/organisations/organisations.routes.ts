import {
  closeOrganisationBodySchema,
  createEmployerBodySchema,
  createOrganisationBodySchema,
  employerPageSchema,
  employerSchema,
  idParamSchema,
  listEmployersQuerySchema,
  listOrganisationsQuerySchema,
  moveOrganisationBodySchema,
  organisationDetailSchema,
  organisationPageSchema,
  organisationSchema,
  updateEmployerBodySchema,
  updateOrganisationBodySchema,
} from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import * as employersService from './employers.service';
import * as service from './organisations.service';

export function organisationsRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];

  api.get(
    '/organisations',
    {
      config: { permission: 'organisation.read' },
      schema: {
        tags,
        summary: 'My scope roots, the children of one organisation, or a name search',
        querystring: listOrganisationsQuerySchema,
        response: { 200: organisationPageSchema },
      },
    },
    async (request) => service.listOrganisations(deps, contextOf(request), request.query),
  );

  api.get(
    '/organisations/:id',
    {
      config: { permission: 'organisation.read' },
      schema: {
        tags,
        summary: 'One organisation in my subtree',
        params: idParamSchema,
        response: { 200: organisationDetailSchema },
      },
    },
    async (request) => service.getOrganisation(deps, contextOf(request), request.params.id),
  );

  api.post(
    '/organisations',
    {
      config: { permission: 'organisation.manage' },
      schema: {
        tags,
        summary: 'Create an organisation under a parent in my subtree',
        body: createOrganisationBodySchema,
        response: { 201: organisationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createOrganisation(deps, contextOf(request), request.body)),
  );

  api.patch(
    '/organisations/:id',
    {
      config: { permission: 'organisation.manage' },
      schema: {
        tags,
        summary: 'Rename or re-code an organisation',
        params: idParamSchema,
        body: updateOrganisationBodySchema,
        response: { 200: organisationSchema },
      },
    },
    async (request) => service.updateOrganisation(deps, contextOf(request), request.params.id, request.body),
  );

  api.post(
    '/organisations/:id/move',
    {
      config: { permission: 'organisation.manage' },
      schema: {
        tags,
        summary: 'Move a branch, with everything under it, to a new parent',
        params: idParamSchema,
        body: moveOrganisationBodySchema,
        response: { 200: organisationSchema },
      },
    },
    async (request) => service.moveOrganisation(deps, contextOf(request), request.params.id, request.body.newParentId),
  );

  api.post(
    '/organisations/:id/close',
    {
      config: { permission: 'organisation.manage' },
      schema: {
        tags,
        summary: 'Close (撤销) an organisation with no open sub-organisations',
        params: idParamSchema,
        body: closeOrganisationBodySchema,
        response: { 200: organisationSchema },
      },
    },
    async (request) => service.closeOrganisation(deps, contextOf(request), request.params.id, request.body.reason),
  );

  api.get(
    '/employers',
    {
      config: { permission: 'employer.read' },
      schema: {
        tags: ['employers'],
        summary: 'Employers kept in my subtree',
        querystring: listEmployersQuerySchema,
        response: { 200: employerPageSchema },
      },
    },
    async (request) => employersService.listEmployers(deps, contextOf(request), request.query),
  );

  api.get(
    '/employers/:id',
    {
      config: { permission: 'employer.read' },
      schema: {
        tags: ['employers'],
        summary: 'One employer',
        params: idParamSchema,
        response: { 200: employerSchema },
      },
    },
    async (request) => employersService.getEmployer(deps, contextOf(request), request.params.id),
  );

  api.post(
    '/employers',
    {
      config: { permission: 'employer.manage' },
      schema: {
        tags: ['employers'],
        summary: 'Register an employer (credit code checked per GB 32100-2015)',
        body: createEmployerBodySchema,
        response: { 201: employerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await employersService.createEmployer(deps, contextOf(request), request.body)),
  );

  api.patch(
    '/employers/:id',
    {
      config: { permission: 'employer.manage' },
      schema: {
        tags: ['employers'],
        summary: 'Update an employer',
        params: idParamSchema,
        body: updateEmployerBodySchema,
        response: { 200: employerSchema },
      },
    },
    async (request) => employersService.updateEmployer(deps, contextOf(request), request.params.id, request.body),
  );
}
