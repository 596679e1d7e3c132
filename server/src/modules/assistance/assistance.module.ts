import type { ModuleManifest } from '../../platform/module';
import { assistanceRoutes } from './assistance.routes';
import { assistanceNames } from './names.repository';
import { assistanceTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;
const FEDERATION = ['federation_cadre', 'federation_admin'] as const;

export const assistanceModule: ModuleManifest = {
  name: 'assistance',
  permissions: [
    { key: 'assistance.read', grantedTo: [...CADRES, 'auditor'] },
    // Files, applications on a member's behalf, the grassroots check and the higher-level review.
    { key: 'assistance.manage', grantedTo: [...CADRES] },
    { key: 'assistance.approve', grantedTo: [...FEDERATION] },
    { key: 'assistance.programmes', grantedTo: [...FEDERATION] },
    { key: 'assistance.disburse', grantedTo: [...FEDERATION] },
    { key: 'assistance.statistics', grantedTo: [...CADRES, 'auditor'] },
  ],
  routes: assistanceRoutes,
  auditNames: assistanceNames,
  todo: assistanceTodo,
};
