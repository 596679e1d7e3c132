import type { ModuleManifest } from '../../platform/module';
import { accountsRoutes } from './accounts.routes';
import { seedAccountsDemo } from './accounts.seed';
import { accountNames } from './names.repository';
import { usersRoutes } from './users.routes';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  tables: {
    users: { kind: 'reference', reason: 'accounts of cadres and members; a login must not fan out' },
    role_assignments: { kind: 'reference', reason: 'read with every session; few writes' },
    api_tokens: { kind: 'reference', reason: 'read with every token request; few writes' },
    sessions: { kind: 'local', reason: 'short-lived, touched on every request; belongs in the coordinator (or Redis)' },
    sms_codes: { kind: 'local', reason: 'short-lived' },
    auth_throttle: { kind: 'local', reason: 'short-lived counters of sign-in attempts' },
  },
  permissions: [
    { key: 'user.read', grantedTo: ['grassroots_cadre', 'federation_cadre', 'federation_admin', 'auditor'] },
    { key: 'user.manage', grantedTo: ['federation_admin'] },
    { key: 'pii.reveal', grantedTo: ['federation_admin'] },
  ],
  auditNames: accountNames,
  demo: seedAccountsDemo,
  routes(app, deps) {
    accountsRoutes(app, deps);
    usersRoutes(app, deps);
  },
};
