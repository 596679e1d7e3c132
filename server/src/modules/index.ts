import type { ModuleManifest } from '../platform/module';
import { accountsModule } from './accounts/accounts.module';
import { assistanceModule } from './assistance/assistance.module';
import { auditModule } from './audit/audit.module';
import { democracyModule } from './democracy/democracy.module';
import { membershipModule } from './membership/membership.module';
import { organisationsModule } from './organisations/organisations.module';
import { rightsModule } from './rights/rights.module';

/** Every module of the platform: routes, permissions, jobs and My Data all follow this list. */
export const MODULES: readonly ModuleManifest[] = [
  organisationsModule,
  membershipModule,
  democracyModule,
  rightsModule,
  assistanceModule,
  accountsModule,
  auditModule,
];
