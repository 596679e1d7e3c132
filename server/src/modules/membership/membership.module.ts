import type { ModuleManifest } from '../../platform/module';
import { abandonedImportsJob, failInterruptedImports, lapseJob } from './membership.jobs';
import { membershipRoutes } from './membership.routes';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const membershipModule: ModuleManifest = {
  name: 'membership',
  permissions: [
    { key: 'member.read', grantedTo: [...CADRES] },
    { key: 'member.manage', grantedTo: [...CADRES] },
    { key: 'member.export_unmasked', grantedTo: ['federation_admin'] },
    { key: 'dues.manage', grantedTo: [...CADRES] },
    { key: 'membership.statistics', grantedTo: [...CADRES, 'auditor'] },
    { key: 'calendar.manage', grantedTo: ['federation_admin'] },
    { key: 'card.verify', grantedTo: [...CADRES, 'station_keeper'] },
  ],
  menuGroup: 'membership',
  menu: [
    { key: 'applications', path: '/admin/applications', labelKey: 'menu.applications', permission: 'member.read' },
    { key: 'members', path: '/admin/members', labelKey: 'menu.members', permission: 'member.read' },
    { key: 'transfers', path: '/admin/transfers', labelKey: 'menu.transfers', permission: 'member.read' },
    { key: 'imports', path: '/admin/imports', labelKey: 'menu.imports', permission: 'member.manage' },
    { key: 'dues', path: '/admin/dues', labelKey: 'menu.dues', permission: 'dues.manage' },
    { key: 'statistics', path: '/admin/statistics', labelKey: 'menu.statistics', permission: 'membership.statistics' },
    { key: 'card-check', path: '/admin/card-check', labelKey: 'menu.cardCheck', permission: 'card.verify' },
  ],
  routes: membershipRoutes,
  onStart: failInterruptedImports,
  jobs: [lapseJob, abandonedImportsJob],
};
