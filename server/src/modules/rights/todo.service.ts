import type { TodoProvider } from '../../platform/deps';
import { todayInChina } from '../../platform/working-days';
import { countCaseWork, teamAndBreakGlassCaseIds } from './cases.repository';

/** Cases to dispatch, the cadre's own cases past their warning date, and overdue cases in scope. */
export const rightsTodo: TodoProvider = {
  kinds: ['casesToDispatch', 'casesNearDeadline', 'casesOverdue'],
  async count(deps, context, kinds) {
    const work = await countCaseWork(deps.db, {
      userId: context.actor.userId,
      dispatchPaths: context.actor.grants.get('rights.dispatch') ?? [],
      readPaths: context.actor.grants.get('rights.read') ?? [],
      visibleIds: await teamAndBreakGlassCaseIds(deps.db, context.actor.userId),
      today: todayInChina(),
    });
    return {
      casesToDispatch: kinds.has('casesToDispatch') ? work.toDispatch : undefined,
      casesNearDeadline: kinds.has('casesNearDeadline') ? work.nearDeadline : undefined,
      casesOverdue: kinds.has('casesOverdue') ? work.overdue : undefined,
    };
  },
};
