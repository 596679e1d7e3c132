import { inArray, sql } from 'drizzle-orm';
import { bigintIds, namesById, namesFrom } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { congressProposals, congressSessions, disclosureNotices, votes } from './democracy.tables';

/** Sessions, votes and disclosure notices by title; proposals by number and title. */
export const democracyNames: AuditNames = {
  congress_session: namesFrom(congressSessions.id, congressSessions.title, 'bigint'),
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
  vote: namesFrom(votes.id, votes.title, 'bigint'),
  disclosure_notice: namesFrom(disclosureNotices.id, disclosureNotices.title, 'bigint'),
};
