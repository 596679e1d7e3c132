import { byProvince } from '../../db/placement';
import type { ModuleManifest } from '../../platform/module';
import { abandonedImportsJob, failInterruptedImports, lapseJob } from './membership.jobs';
import { membershipRoutes } from './membership.routes';
import { seedMembershipDemo } from './membership.seed';
import { membershipNames } from './names.repository';
import { membershipTodo } from './todo.service';

const CADRES = ['grassroots_cadre', 'federation_cadre', 'federation_admin'] as const;

export const membershipModule: ModuleManifest = {
  name: 'membership',
  tables: {
    members: byProvince('the roster: every query is within one province'),
    member_persons: {
      kind: 'distributed',
      column: 'id_number_hash',
      reason: 'one membership per person nationwide: a key that spans provinces cannot live on a province shard',
    },
    member_status_events: byProvince('history of a member'),
    join_applications: byProvince('filed under the union the application is routed to'),
    member_transfers: byProvince('transfers stay within a province; across provinces a member leaves and joins'),
    dues_months: byProvince('dues ledger of a member'),
    dues_payments: byProvince('dues ledger of a member'),
    checkoff_files: byProvince('an employer’s sheet'),
    checkoff_discrepancies: byProvince('rows of a check-off sheet'),
    roster_imports: byProvince('an import runs in its target’s province'),
    roster_import_errors: byProvince('rows of an import'),
    member_cards: byProvince('cards of a member'),
    correction_requests: byProvince('requests of a member'),
    member_tallies: byProvince('counts per organisation and province; a national figure sums the provinces'),
  },
  permissions: [
    { key: 'member.read', grantedTo: [...CADRES] },
    { key: 'member.manage', grantedTo: [...CADRES] },
    { key: 'member.export_unmasked', grantedTo: ['federation_admin'] },
    { key: 'dues.manage', grantedTo: [...CADRES] },
    { key: 'membership.statistics', grantedTo: [...CADRES, 'auditor'] },
    { key: 'calendar.manage', grantedTo: ['federation_admin'] },
    { key: 'card.verify', grantedTo: [...CADRES, 'station_keeper'] },
  ],
  demo: seedMembershipDemo,
  routes: membershipRoutes,
  auditNames: membershipNames,
  todo: membershipTodo,
  onStart: failInterruptedImports,
  jobs: [lapseJob, abandonedImportsJob],
};
