import type { ModuleManifest } from '../../platform/module';
import { accountsRoutes } from './accounts.routes';
import { accountNames } from './names.repository';
import { usersRoutes } from './users.routes';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  permissions: [
    { key: 'user.read', grantedTo: ['grassroots_cadre', 'federation_cadre', 'federation_admin', 'auditor'] },
    { key: 'user.manage', grantedTo: ['federation_admin'] },
    { key: 'pii.reveal', grantedTo: ['federation_admin'] },
  ],
  auditNames: accountNames,
  routes(app, deps) {
    accountsRoutes(app, deps);
    usersRoutes(app, deps);
  },
};
