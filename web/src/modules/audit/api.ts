import { auditEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

/** The audit trail is read-only. */
export const auditApi = moduleApi('audit', auditEndpoints, {});
