import { type ApplicationStage, nextStep } from '@gonghui/contract';
import type { TodoProvider } from '../../platform/deps';
import { todayInChina } from '../../platform/working-days';
import { nextStepIsTheirs } from './application-rules';
import { activeApplicationGroups, countUnansweredObjections } from './applications.repository';

/**
 * Applications whose next step is the cadre's (nextStepIsTheirs, as for the actions an application
 * offers; an approval once any public notice has ended), and objections to answer.
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
      const where = {
        manage: group.inManage,
        above: group.belowManage,
        approve: group.inApprove,
        gaveFirstApproval: group.firstApprovalMine,
      };
      if (!step || !nextStepIsTheirs(step, where)) continue;
      // An approval waits on the public notice's end before it is anyone's to do.
      if (step === 'approve') toApprove += group.noticeRunning ? 0 : group.n;
      else atMyStep += group.n;
    }
    return {
      applicationsAtMyStep: kinds.has('applicationsAtMyStep') ? atMyStep : undefined,
      applicationsToApprove: kinds.has('applicationsToApprove') ? toApprove : undefined,
      objectionsToAnswer,
    };
  },
};
