import { byProvince } from '../../db/placement';
import type { ModuleManifest } from '../../platform/module';
import { rightsNames } from './names.repository';
import { rightsPersonalData } from './personal-data';
import { rightsRoutes } from './rights.routes';
import { seedRights } from './rights.seed';
import { sweepDeadlines } from './sweep';
import { rightsTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const rightsModule: ModuleManifest = {
  name: 'rights',
  tables: {
    // A case is filed with a union of one province and stays there.
    rights_cases: byProvince('a case of one union'),
    rights_case_events: byProvince('the timeline of a case'),
    rights_case_team: byProvince('the team of a case'),
    rights_attachments: byProvince('files of a case'),
    rights_break_glass: byProvince('access grants to a case'),
    rights_tallies: byProvince('counts per organisation and province; a national figure sums the provinces'),
  },
  permissions: [
    { key: 'rights.read', grantedTo: [...CADRES, 'caseworker'] },
    { key: 'rights.dispatch', grantedTo: [...CADRES] },
    { key: 'rights.handle', grantedTo: ['grassroots_cadre', 'federation_cadre', 'caseworker'] },
    { key: 'rights.statistics', grantedTo: [...CADRES, 'auditor'] },
  ],
  demo: (tx, demo) =>
    seedRights(tx, {
      desk: demo.organisation('tianhe'),
      riders: demo.organisation('tianhe-riders'),
      reporter: demo.user('rider'),
      mediator: demo.user('mediator'),
    }),
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
