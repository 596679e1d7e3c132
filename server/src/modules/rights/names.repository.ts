import { and, eq, inArray } from 'drizzle-orm';
import { bigintIds, namesById } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { rightsCases } from './rights.tables';

/** Cases by their title; a confidential case's title stays within its team, so it has no name here. */
export const rightsNames: AuditNames = {
  rights_case: async (db, ids) =>
    namesById(
      await db
        .select({ id: rightsCases.id, name: rightsCases.title })
        .from(rightsCases)
        .where(and(inArray(rightsCases.id, bigintIds(ids)), eq(rightsCases.confidential, false))),
    ),
};
