import type { ModuleManifest } from '../../platform/module';
import { abandonedImportsJob, failInterruptedImports, lapseJob } from './membership.jobs';
import { membershipRoutes } from './membership.routes';
import { membershipNames } from './names.repository';
import { membershipTodo } from './todo.service';

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
  routes: membershipRoutes,
  auditNames: membershipNames,
  todo: membershipTodo,
  onStart: failInterruptedImports,
  jobs: [lapseJob, abandonedImportsJob],
};
