import type { MyData } from '@gonghui/contract';
import type { PersonalDataProvider } from '../../platform/deps';
import * as repo from './congress.repository';

/** The signed-in person's delegations, rolls and proposals, for My Data. */
export const democracyPersonalData: PersonalDataProvider = {
  key: 'democracy',
  async collect(deps, context): Promise<MyData['democracy']> {
    const userId = context.actor.userId;
    const [delegations, rolls, proposals] = await Promise.all([
      repo.delegationsWithSessions(deps.db, userId),
      repo.rollEntriesOfUser(deps.db, userId),
      repo.proposalsOfUser(deps.db, userId),
    ]);
    return {
      delegations: delegations.map(({ delegate, sessionTitle }) => ({
        sessionId: delegate.sessionId,
        sessionTitle,
        category: delegate.category,
        checkedInAt: delegate.checkedInAt?.toISOString() ?? null,
      })),
      votes: rolls.map(({ roll, title, status }) => ({
        voteId: roll.voteId,
        title,
        status,
        weight: roll.weight,
        viaProxy: roll.proxyMemberId !== null,
        voted: roll.voted,
      })),
      proposals: proposals.map(({ proposal, sessionTitle, cosigner }) => ({
        id: proposal.id,
        sessionTitle,
        title: proposal.title,
        status: proposal.status,
        role: cosigner === null ? ('proposer' as const) : ('cosigner' as const),
      })),
    };
  },
};
