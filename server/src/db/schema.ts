// Every table of every module, for Drizzle's typed queries and drizzle-kit's migration generator.
export * from '../modules/accounts/accounts.tables';
export * from '../modules/assistance/assistance.tables';
export * from '../modules/democracy/democracy.tables';
export * from '../modules/membership/membership.tables';
export * from '../modules/reach/reach.tables';
export * from '../modules/rights/rights.tables';
export * from '../platform/audit.tables';
export * from '../platform/calendar.tables';
export * from '../platform/documents.tables';
export * from '../platform/organisations.tables';
