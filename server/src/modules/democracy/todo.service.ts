import type { TodoProvider } from '../../platform/deps';
import { countUnansweredQuestions } from './disclosure.repository';
import { countSubmittedProposals } from './proposals.repository';
import { countVotesToOpen } from './votes.repository';

/** Votes to freeze and open, proposals to review, and members' questions on notices to answer. */
export const democracyTodo: TodoProvider = {
  kinds: ['votesToOpen', 'proposalsToReview', 'questionsToAnswer'],
  async count(deps, context, kinds) {
    const scope = context.actor.grants.get('democracy.manage') ?? [];
    const [votesToOpen, proposalsToReview, questionsToAnswer] = await Promise.all([
      kinds.has('votesToOpen') ? countVotesToOpen(deps.db, scope) : undefined,
      kinds.has('proposalsToReview') ? countSubmittedProposals(deps.db, scope) : undefined,
      kinds.has('questionsToAnswer') ? countUnansweredQuestions(deps.db, scope) : undefined,
    ]);
    return { votesToOpen, proposalsToReview, questionsToAnswer };
  },
};
