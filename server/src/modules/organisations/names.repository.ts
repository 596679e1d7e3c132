import { namesFrom } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { employers, organisations } from '../../platform/organisations.tables';

/** Organisations and employers by name; a calendar day is named by its date (its id). */
export const organisationNames: AuditNames = {
  organisation: namesFrom(organisations.id, organisations.name, 'bigint'),
  employer: namesFrom(employers.id, employers.name, 'bigint'),
  calendar_day: async (_db, ids) => new Map(ids.map((id) => [id, id])),
};
