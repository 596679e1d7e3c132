import type { ModuleManifest } from '../../platform/module';
import { auditRoutes } from './audit.routes';

export const auditModule: ModuleManifest = {
  name: 'audit',
  permissions: [{ key: 'audit.read', grantedTo: ['auditor', 'federation_admin'] }],
  routes: auditRoutes,
};
