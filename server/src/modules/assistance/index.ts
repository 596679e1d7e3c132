// What other modules may use of assistance. Its tables are referenced through assistance.tables.ts.
export { assistanceDataOf } from './files.service';
