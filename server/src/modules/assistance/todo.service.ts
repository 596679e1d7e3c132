import { type ApplicationStage, nextStep } from '@gonghui/contract';
import type { TodoProvider } from '../../platform/deps';
import { todayInChina } from '../../platform/working-days';
import { activeApplicationGroups, countUnansweredObjections } from './applications.repository';

/**
 * Applications whose next step is the cadre's (the same rules as the actions an application
 * offers: a check or notice where they manage, the review from a federation above, the approval
 * where they approve and did not give the first approval, once any public notice has ended), and
 * objections to answer.
 */
export const assistanceTodo: TodoProvider = {
  kinds: ['applicationsAtMyStep', 'applicationsToApprove', 'objectionsToAnswer'],
  async count(deps, context, kinds) {
    const managePaths = context.actor.grants.get('assistance.manage') ?? [];
    const [groups, objectionsToAnswer] = await Promise.all([
      kinds.has('applicationsAtMyStep') || kinds.has('applicationsToApprove')
        ? activeApplicationGroups(deps.db, {
            userId: context.actor.userId,
            managePaths,
            approvePaths: context.actor.grants.get('assistance.approve') ?? [],
            today: todayInChina(),
          })
        : [],
      kinds.has('objectionsToAnswer') ? countUnansweredObjections(deps.db, managePaths) : undefined,
    ]);
    let atMyStep = 0;
    let toApprove = 0;
    for (const group of groups) {
      const step = nextStep(group.chain, group.stage as ApplicationStage);
      if (step === 'approve') {
        if (group.inApprove && !group.firstApprovalMine && !group.noticeRunning) toApprove += group.n;
      } else if (step === 'review') {
        if (group.belowManage) atMyStep += group.n;
      } else if (step && group.inManage) atMyStep += group.n;
    }
    return {
      applicationsAtMyStep: kinds.has('applicationsAtMyStep') ? atMyStep : undefined,
      applicationsToApprove: kinds.has('applicationsToApprove') ? toApprove : undefined,
      objectionsToAnswer,
    };
  },
};
