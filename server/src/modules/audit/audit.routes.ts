import { auditEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { contextOf } from '../../platform/http';
import { route } from '../../platform/route';
import { listAuditEntries, verifyChain } from './audit.service';

export function auditRoutes(app: FastifyInstance, deps: AppDeps) {
  route(app, auditEndpoints.listAuditEntries, { config: { permission: 'audit.read' } }, async (request) =>
    listAuditEntries(deps, contextOf(request), request.query),
  );

  route(app, auditEndpoints.verifyChain, { config: { permission: 'audit.read' } }, async () => verifyChain(deps));
}
