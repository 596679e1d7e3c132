import type { ModuleManifest } from '../../platform/module';
import { democracyRoutes } from './democracy.routes';
import { democracyPersonalData } from './personal-data';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const democracyModule: ModuleManifest = {
  name: 'democracy',
  permissions: [
    { key: 'democracy.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'democracy.manage', grantedTo: [...CADRES] },
  ],
  menuGroup: 'democracy',
  menu: [
    { key: 'congress', path: '/admin/congress', labelKey: 'menu.congress', permission: 'democracy.read' },
    { key: 'votes', path: '/admin/votes', labelKey: 'menu.votes', permission: 'democracy.read' },
    { key: 'proposals', path: '/admin/proposals', labelKey: 'menu.proposals', permission: 'democracy.read' },
    { key: 'notices', path: '/admin/notices', labelKey: 'menu.notices', permission: 'democracy.read' },
  ],
  routes: democracyRoutes,
  personalData: democracyPersonalData,
};
