import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/client';
import { idsOfKind, namesById, namesFrom } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import {
  checkoffFiles,
  correctionRequests,
  joinApplications,
  memberCards,
  members,
  memberTransfers,
  rosterImports,
} from './membership.tables';

/**
 * A member's records (a transfer, a card, a hardship file…) named by the member's name: one table's
 * rows by key, joined to their member in the same province.
 */
export function memberNamesOf(
  record: { id: PgColumn; memberId: PgColumn; provinceCode: PgColumn },
  key: 'bigint' | 'uuid',
) {
  return async (db: Executor, ids: readonly string[]) =>
    namesById(
      (await db
        .select({ id: record.id, name: members.name })
        .from(record.id.table as PgTable)
        .innerJoin(members, and(eq(members.id, record.memberId), eq(members.provinceCode, record.provinceCode)))
        .where(inArray(record.id, idsOfKind(key, ids)))) as { id: string | number; name: string | null }[],
    );
}

/**
 * Members by name; a member's transfer, correction request or card by the member's name; join
 * applications by the applicant's name; roster imports and check-off files by their file's name.
 */
export const membershipNames: AuditNames = {
  member: namesFrom(members.id, members.name, 'bigint'),
  member_transfer: memberNamesOf(memberTransfers, 'bigint'),
  correction_request: memberNamesOf(correctionRequests, 'bigint'),
  member_card: memberNamesOf(memberCards, 'uuid'),
  join_application: namesFrom(joinApplications.id, joinApplications.name, 'uuid'),
  roster_import: namesFrom(rosterImports.id, rosterImports.fileName, 'uuid'),
  checkoff_file: namesFrom(checkoffFiles.id, checkoffFiles.fileName, 'bigint'),
};
