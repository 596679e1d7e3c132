import type { ModuleManifest } from '../../platform/module';
import { democracyRoutes } from './democracy.routes';
import { democracyNames } from './names.repository';
import { democracyPersonalData } from './personal-data';
import { democracyTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const democracyModule: ModuleManifest = {
  name: 'democracy',
  permissions: [
    { key: 'democracy.read', grantedTo: [...CADRES, 'auditor'] },
    { key: 'democracy.manage', grantedTo: [...CADRES] },
  ],
  routes: democracyRoutes,
  auditNames: democracyNames,
  todo: democracyTodo,
  personalData: democracyPersonalData,
};
