import type { TodoProvider } from '../../platform/deps';
import { countOpenCorrections } from './corrections.repository';
import { countSubmittedApplications } from './join.repository';
import { countTransfersAwaiting } from './transfers.repository';

/** Joins to decide, transfers to release or complete, and corrections to answer. */
export const membershipTodo: TodoProvider = {
  kinds: ['joinApplications', 'transfers', 'corrections'],
  async count(deps, context, kinds) {
    const scope = context.actor.grants.get('member.manage') ?? [];
    const [joinApplications, transfers, corrections] = await Promise.all([
      kinds.has('joinApplications') ? countSubmittedApplications(deps.db, scope) : undefined,
      kinds.has('transfers') ? countTransfersAwaiting(deps.db, scope) : undefined,
      kinds.has('corrections') ? countOpenCorrections(deps.db, scope) : undefined,
    ]);
    return { joinApplications, transfers, corrections };
  },
};
