import type { ModuleManifest } from '../../platform/module';
import { organisationNames } from './names.repository';
import { organisationsRoutes } from './organisations.routes';
import { seedOrganisationsDemo } from './organisations.seed';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const organisationsModule: ModuleManifest = {
  name: 'organisations',
  // Its tables are the kernel's (platform/organisations.tables.ts, audit.tables.ts).
  tables: {},
  permissions: [
    { key: 'organisation.read', grantedTo: [...CADRES, 'auditor', 'caseworker'] },
    { key: 'organisation.manage', grantedTo: ['federation_cadre', 'federation_admin'] },
    { key: 'employer.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'employer.manage', grantedTo: [...CADRES] },
  ],
  demo: seedOrganisationsDemo,
  routes: organisationsRoutes,
  auditNames: organisationNames,
};
