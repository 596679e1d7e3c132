import { countAsked, type TodoProvider } from '../../platform/deps';
import { countOpenCorrections } from './corrections.repository';
import { countSubmittedApplications } from './join.repository';
import { countTransfersAwaiting } from './transfers.repository';

/** Joins to decide, transfers to release or complete, and corrections to answer. */
export const membershipTodo: TodoProvider = {
  kinds: ['joinApplications', 'transfers', 'corrections'],
  count(deps, context, kinds) {
    const scope = context.actor.grants.get('member.manage') ?? [];
    return countAsked(kinds, {
      joinApplications: () => countSubmittedApplications(deps.db, scope),
      transfers: () => countTransfersAwaiting(deps.db, scope),
      corrections: () => countOpenCorrections(deps.db, scope),
    });
  },
};
