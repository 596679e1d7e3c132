// What other modules may use of membership. Its tables are referenced through membership.tables.ts.
export { findMemberByUser, findMemberInScope } from './members.repository';
export { memberNamesOf } from './names.repository';
