import { countAsked, type TodoProvider } from '../../platform/deps';
import { countUnansweredQuestions } from './disclosure.repository';
import { countSubmittedProposals } from './proposals.repository';
import { countVotesToOpen } from './votes.repository';

/** Votes to freeze and open, proposals to review, and members' questions on notices to answer. */
export const democracyTodo: TodoProvider = {
  kinds: ['votesToOpen', 'proposalsToReview', 'questionsToAnswer'],
  count(deps, context, kinds) {
    const scope = context.actor.grants.get('democracy.manage') ?? [];
    return countAsked(kinds, {
      votesToOpen: () => countVotesToOpen(deps.db, scope),
      proposalsToReview: () => countSubmittedProposals(deps.db, scope),
      questionsToAnswer: () => countUnansweredQuestions(deps.db, scope),
    });
  },
};
