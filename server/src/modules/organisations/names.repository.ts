import { inArray } from 'drizzle-orm';
import { bigintIds, namesById } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { employers, organisations } from '../../platform/organisations.tables';

/** Organisations and employers by name; a calendar day is named by its date (its id). */
export const organisationNames: AuditNames = {
  organisation: async (db, ids) =>
    namesById(
      await db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(inArray(organisations.id, bigintIds(ids))),
    ),
  employer: async (db, ids) =>
    namesById(
      await db
        .select({ id: employers.id, name: employers.name })
        .from(employers)
        .where(inArray(employers.id, bigintIds(ids))),
    ),
  calendar_day: async (_db, ids) => new Map(ids.map((id) => [id, id])),
};
