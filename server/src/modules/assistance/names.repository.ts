import { and, eq, inArray, sql } from 'drizzle-orm';
import { bigintIds, namesById, namesFrom } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { memberNamesOf } from '../membership';
import { members } from '../membership/membership.tables';
import {
  assistanceApplications,
  assistanceBudgets,
  assistancePayments,
  assistanceProgrammes,
  hardshipFiles,
} from './assistance.tables';

/** An application, or a payment of it, as "member · programme". */
const memberAndProgramme = sql<string>`${members.name} || ' · ' || ${assistanceProgrammes.name}`;

/**
 * Programmes by name, budgets by programme and year; an application or a payment by the member
 * and the programme; a hardship file by the member's name.
 */
export const assistanceNames: AuditNames = {
  assistance_programme: namesFrom(assistanceProgrammes.id, assistanceProgrammes.name, 'bigint'),
  assistance_budget: async (db, ids) =>
    namesById(
      await db
        .select({
          id: assistanceBudgets.id,
          name: sql<string>`${assistanceProgrammes.name} || ' ' || ${assistanceBudgets.year}`,
        })
        .from(assistanceBudgets)
        .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceBudgets.programmeId))
        .where(inArray(assistanceBudgets.id, bigintIds(ids))),
    ),
  assistance_application: async (db, ids) =>
    namesById(
      await db
        .select({
          id: assistanceApplications.id,
          name: memberAndProgramme,
        })
        .from(assistanceApplications)
        .innerJoin(
          members,
          and(
            eq(members.id, assistanceApplications.memberId),
            eq(members.provinceCode, assistanceApplications.provinceCode),
          ),
        )
        .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
        .where(inArray(assistanceApplications.id, bigintIds(ids))),
    ),
  assistance_payment: async (db, ids) =>
    namesById(
      await db
        .select({
          id: assistancePayments.id,
          name: memberAndProgramme,
        })
        .from(assistancePayments)
        .innerJoin(
          assistanceApplications,
          and(
            eq(assistanceApplications.id, assistancePayments.applicationId),
            eq(assistanceApplications.provinceCode, assistancePayments.provinceCode),
          ),
        )
        .innerJoin(
          members,
          and(
            eq(members.id, assistanceApplications.memberId),
            eq(members.provinceCode, assistanceApplications.provinceCode),
          ),
        )
        .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
        .where(inArray(assistancePayments.id, bigintIds(ids))),
    ),
  hardship_file: memberNamesOf(hardshipFiles, 'bigint'),
};
