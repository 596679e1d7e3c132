import { endpoint } from '../endpoint';
import { auditPageSchema, auditVerifySchema, listAuditQuerySchema } from './audit.contract';

const tags = ['audit'];

/** The audit endpoints: method, path and schemas, declared once for the server and the web. */
export const auditEndpoints = {
  listAuditEntries: endpoint({
    method: 'GET',
    path: '/audit',
    tags,
    summary: 'The audit trail of my subtree, newest first',
    query: listAuditQuerySchema,
    status: 200,
    response: auditPageSchema,
  }),
  verifyChain: endpoint({
    method: 'GET',
    path: '/audit/verify',
    tags,
    summary: 'Check the whole hash chain and name the first broken row',
    status: 200,
    response: auditVerifySchema,
  }),
} as const;
