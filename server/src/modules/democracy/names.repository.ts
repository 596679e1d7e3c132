import { inArray, sql } from 'drizzle-orm';
import { bigintIds, namesById } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { congressProposals, congressSessions, disclosureNotices, votes } from './democracy.tables';

/** Sessions, votes and disclosure notices by title; proposals by number and title. */
export const democracyNames: AuditNames = {
  congress_session: async (db, ids) =>
    namesById(
      await db
        .select({ id: congressSessions.id, name: congressSessions.title })
        .from(congressSessions)
        .where(inArray(congressSessions.id, bigintIds(ids))),
    ),
  congress_proposal: async (db, ids) =>
    namesById(
      await db
        .select({
          id: congressProposals.id,
          name: sql<string>`concat_ws(' ', ${congressProposals.number}, ${congressProposals.title})`,
        })
        .from(congressProposals)
        .where(inArray(congressProposals.id, bigintIds(ids))),
    ),
  vote: async (db, ids) =>
    namesById(
      await db
        .select({ id: votes.id, name: votes.title })
        .from(votes)
        .where(inArray(votes.id, bigintIds(ids))),
    ),
  disclosure_notice: async (db, ids) =>
    namesById(
      await db
        .select({ id: disclosureNotices.id, name: disclosureNotices.title })
        .from(disclosureNotices)
        .where(inArray(disclosureNotices.id, bigintIds(ids))),
    ),
};
