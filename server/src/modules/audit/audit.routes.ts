import { auditPageSchema, auditVerifySchema, listAuditQuerySchema } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { listAuditEntries, verifyChain } from './audit.service';

export function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];

  api.get(
    '/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'The audit trail of my subtree, newest first',
        querystring: listAuditQuerySchema,
        response: { 200: auditPageSchema },
      },
    },
    async (request) => listAuditEntries(deps, contextOf(request), request.query),
  );

  api.get(
    '/audit/verify',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags,
        summary: 'Check the whole hash chain and name the first broken row',
        response: { 200: auditVerifySchema },
      },
    },
    async () => verifyChain(deps),
  );
}
