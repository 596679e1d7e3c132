import type { ModuleManifest } from '../../platform/module';
import { auditRoutes } from './audit.routes';

export const auditModule: ModuleManifest = {
  name: 'audit',
  // Its tables are the kernel's (platform/organisations.tables.ts, audit.tables.ts).
  tables: {},
  permissions: [{ key: 'audit.read', grantedTo: ['auditor', 'federation_admin'] }],
  routes: auditRoutes,
};
