import type { ModuleManifest } from '../../platform/module';
import { organisationNames } from './names.repository';
import { organisationsRoutes } from './organisations.routes';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const organisationsModule: ModuleManifest = {
  name: 'organisations',
  permissions: [
    { key: 'organisation.read', grantedTo: [...CADRES, 'auditor', 'caseworker'] },
    { key: 'organisation.manage', grantedTo: ['federation_cadre', 'federation_admin'] },
    { key: 'employer.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'employer.manage', grantedTo: [...CADRES] },
  ],
  routes: organisationsRoutes,
  auditNames: organisationNames,
};
