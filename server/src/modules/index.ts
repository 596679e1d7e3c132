import { type ModuleManifest, placementOf } from '../platform/module';
import { accountsModule } from './accounts/accounts.module';
import { assistanceModule } from './assistance/assistance.module';
import { auditModule } from './audit/audit.module';
import { democracyModule } from './democracy/democracy.module';
import { membershipModule } from './membership/membership.module';
import { organisationsModule } from './organisations/organisations.module';
import { reachModule } from './reach/reach.module';
import { rightsModule } from './rights/rights.module';

/**
 * Every module of the platform: tables, routes, permissions, jobs, My Data and the demo all follow
 * this list. The order is the demo's: a module's seed may use what those before it seeded.
 */
export const MODULES: readonly ModuleManifest[] = [
  organisationsModule,
  accountsModule,
  membershipModule,
  democracyModule,
  rightsModule,
  reachModule,
  assistanceModule,
  auditModule,
];

/** Where each table goes on a Citus cluster, from the kernel and every manifest. */
export const PLACEMENT = placementOf(MODULES);
