import type { WebModule } from '../app/manifest';
import { accountsWeb } from './accounts/manifest';
import { assistanceWeb } from './assistance/manifest';
import { auditWeb } from './audit/manifest';
import { democracyWeb } from './democracy/manifest';
import { membershipWeb } from './membership/manifest';
import { organisationsWeb } from './organisations/manifest';
import { reachWeb } from './reach/manifest';
import { rightsWeb } from './rights/manifest';

/**
 * Every web module, in the order the console's menu lists them within a group. Routes and the menu
 * are built from this list; a module's pages are reached only through its manifest.
 */
export const WEB_MODULES: readonly WebModule[] = [
  organisationsWeb,
  membershipWeb,
  democracyWeb,
  rightsWeb,
  assistanceWeb,
  reachWeb,
  accountsWeb,
  auditWeb,
];
