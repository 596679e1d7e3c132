import type { ModuleManifest } from '../../platform/module';
import { rightsNames } from './names.repository';
import { rightsPersonalData } from './personal-data';
import { rightsRoutes } from './rights.routes';
import { sweepDeadlines } from './sweep';
import { rightsTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const rightsModule: ModuleManifest = {
  name: 'rights',
  permissions: [
    { key: 'rights.read', grantedTo: [...CADRES, 'caseworker'] },
    { key: 'rights.dispatch', grantedTo: [...CADRES] },
    { key: 'rights.handle', grantedTo: ['grassroots_cadre', 'federation_cadre', 'caseworker'] },
    { key: 'rights.statistics', grantedTo: [...CADRES, 'auditor'] },
  ],
  routes: rightsRoutes,
  auditNames: rightsNames,
  todo: rightsTodo,
  personalData: rightsPersonalData,
  jobs: [
    {
      name: 'rights.deadlines',
      at: '01:30',
      async run(deps, log) {
        const result = await sweepDeadlines(deps);
        log(`rights: ${result.warned} warned, ${result.escalated} escalated`);
      },
    },
  ],
};
