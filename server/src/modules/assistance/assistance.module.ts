import { byProvince } from '../../db/placement';
import type { ModuleManifest } from '../../platform/module';
import { assistanceRoutes } from './assistance.routes';
import { seedAssistance } from './assistance.seed';
import { assistanceNames } from './names.repository';
import { assistanceTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;
const FEDERATION = ['federation_cadre', 'federation_admin'] as const;

export const assistanceModule: ModuleManifest = {
  name: 'assistance',
  tables: {
    // Programmes are definitions; a household's file, applications and payments stay in its province.
    assistance_programmes: { kind: 'reference', reason: 'a few hundred definitions; read by every application' },
    assistance_budgets: byProvince('budgets of organisations of one province; approvals update them on its shard'),
    hardship_files: byProvince('a household of one province'),
    hardship_file_events: byProvince('history of a file'),
    assistance_applications: byProvince('filed under the member’s union'),
    assistance_events: byProvince('history of an application'),
    assistance_documents: byProvince('evidence of a file or an application'),
    assistance_objections: byProvince('objections to an application'),
    assistance_need_claims: byProvince('needs a household was paid for'),
    assistance_batches: byProvince('a batch of one paying organisation'),
    assistance_payments: byProvince('payments of applications, charged to budgets of the same province'),
    mutual_aid_enrolments: byProvince('members enrolled by their union'),
  },
  permissions: [
    { key: 'assistance.read', grantedTo: [...CADRES, 'auditor'] },
    // Files, applications on a member's behalf, the grassroots check and the higher-level review.
    { key: 'assistance.manage', grantedTo: [...CADRES] },
    { key: 'assistance.approve', grantedTo: [...FEDERATION] },
    { key: 'assistance.programmes', grantedTo: [...FEDERATION] },
    { key: 'assistance.disburse', grantedTo: [...FEDERATION] },
    { key: 'assistance.statistics', grantedTo: [...CADRES, 'auditor'] },
  ],
  demo: (tx, demo) =>
    seedAssistance(tx, demo.cipher, {
      province: demo.organisation('province'),
      city: demo.organisation('guangzhou'),
      district: demo.organisation('tianhe'),
      cadre: demo.user('gz.cadre'),
      riderUser: demo.user('rider'),
    }),
  routes: assistanceRoutes,
  auditNames: assistanceNames,
  todo: assistanceTodo,
};
