// What other modules may use of accounts. Its tables are referenced through accounts.tables.ts.
export { takeRateSlot, userNames } from './accounts.repository';
