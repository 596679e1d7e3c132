import type { Db } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { verifyAuditChain } from '../../platform/audit';
import { type AuditFilter, listAuditRows } from '../../platform/audit.repository';

export async function listAuditEntries(
  deps: { db: Db },
  context: RequestContext,
  query: Omit<AuditFilter, 'scope'> & { page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'audit.read');
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await listAuditRows(deps.db, { ...filter, scope }, page, pageSize);
  return {
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      actorUserId: row.actorUserId,
      actorName: row.actorName,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      organisationId: row.organisationId,
      changes: row.changes,
      requestId: row.requestId,
      ip: row.ip,
      hash: row.hash.toString('hex'),
    })),
    total,
    page,
    pageSize,
  };
}

export function verifyChain(deps: { db: Db }) {
  return verifyAuditChain(deps.db);
}
