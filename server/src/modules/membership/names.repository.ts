import { and, eq, inArray } from 'drizzle-orm';
import { bigintIds, namesById, namesFrom, uuidIds } from '../../db/sql';
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
 * Members by name; a member's transfer, correction request or card by the member's name; join
 * applications by the applicant's name; roster imports and check-off files by their file's name.
 */
export const membershipNames: AuditNames = {
  member: namesFrom(members.id, members.name, 'bigint'),
  member_transfer: async (db, ids) =>
    namesById(
      await db
        .select({ id: memberTransfers.id, name: members.name })
        .from(memberTransfers)
        .innerJoin(
          members,
          and(eq(members.id, memberTransfers.memberId), eq(members.provinceCode, memberTransfers.provinceCode)),
        )
        .where(inArray(memberTransfers.id, bigintIds(ids))),
    ),
  correction_request: async (db, ids) =>
    namesById(
      await db
        .select({ id: correctionRequests.id, name: members.name })
        .from(correctionRequests)
        .innerJoin(
          members,
          and(eq(members.id, correctionRequests.memberId), eq(members.provinceCode, correctionRequests.provinceCode)),
        )
        .where(inArray(correctionRequests.id, bigintIds(ids))),
    ),
  member_card: async (db, ids) =>
    namesById(
      await db
        .select({ id: memberCards.id, name: members.name })
        .from(memberCards)
        .innerJoin(
          members,
          and(eq(members.id, memberCards.memberId), eq(members.provinceCode, memberCards.provinceCode)),
        )
        .where(inArray(memberCards.id, uuidIds(ids))),
    ),
  join_application: namesFrom(joinApplications.id, joinApplications.name, 'uuid'),
  roster_import: namesFrom(rosterImports.id, rosterImports.fileName, 'uuid'),
  checkoff_file: namesFrom(checkoffFiles.id, checkoffFiles.fileName, 'bigint'),
};
