// What other modules may use of accounts. Its tables are referenced through accounts.tables.ts.
export { takeRateSlot, userNames } from './accounts.repository';
// The demo's accounts, for the start banner and the tests.
export { DEMO_ACCOUNTS } from './accounts.seed';
export { DEMO_PASSWORD } from './password-policy';
