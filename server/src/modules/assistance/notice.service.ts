import { type ApplicationStage, maskName } from '@gonghui/contract';
import type { RequestContext } from '../../platform/access';
import { AppError, notFound, ValidationProblem } from '../../platform/errors';
import { findOrganisation, organisationsOnPath } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import { ACTIVE_STAGES, addEvent, advance, latestAmount, memberOfUser } from './application-rules';
import { toView } from './application-views';
import * as repo from './applications.repository';
import { APPLICATION } from './applications.repository';
import type { AssistanceDeps } from './shared';

// Public notice (公示) and the objections it invites.

/** The federation whose notice board a member reads: the city above their union (or the top of the tree). */
async function noticeBoardOf(deps: AssistanceDeps, context: RequestContext | null, organisationId?: number) {
  if (organisationId) {
    const row = await findOrganisation(deps.db, organisationId);
    if (!row) throw notFound();
    return row;
  }
  if (!context) throw new ValidationProblem([{ field: 'organisationId', messageKey: 'validation.required' }]);
  const member = await memberOfUser(deps.db, context.actor.userId);
  const ancestors = await organisationsOnPath(deps.db, member.organisationPath);
  return ancestors.find((a) => a.level === 'city') ?? ancestors[0]!;
}

/** Applications in public notice under a federation: masked names, unit and amount. */
export async function listNotices(deps: AssistanceDeps, context: RequestContext | null, organisationId?: number) {
  const board = await noticeBoardOf(deps, context, organisationId);
  const today = todayInChina();
  const rows = await repo.applicationsInNotice(deps.db, board.path);
  return {
    organisationName: board.name,
    items: rows.map((r) => ({
      applicationId: r.application.id,
      programmeName: r.programmeName,
      name: maskName(r.memberName),
      unit: r.organisationName,
      amountFen: latestAmount(r.application) ?? 0,
      startsOn: r.application.noticeStartsOn ?? today,
      endsOn: r.application.noticeEndsOn ?? today,
      open: today <= (r.application.noticeEndsOn ?? today),
    })),
  };
}

/** An objection to an application in notice, by a signed-in worker; who filed it is seen only by the reviewers' audit. */
export async function fileObjection(deps: AssistanceDeps, context: RequestContext, id: number, text: string) {
  const row = await repo.findApplication(deps.db, id);
  if (row?.stage !== 'notice') throw new AppError(409, 'assistance.not_in_notice');
  if (row.noticeEndsOn && todayInChina() > row.noticeEndsOn) {
    throw new AppError(409, 'assistance.notice_ended', { endsOn: row.noticeEndsOn });
  }
  await deps.db.transaction(async (tx) => {
    const objectionId = await repo.insertObjection(tx, row, text, context.actor.userId);
    await addEvent(tx, row, context, 'objection', { note: null, audit: { objectionId } });
  });
  return { filed: true };
}

/** The answer an objection must get; upheld, the application is rejected with the answer as reason. */
export async function answerObjection(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  objectionId: number,
  body: { answer: string; upheld: boolean },
) {
  // Readable here but decided by another union: refused and recorded like any write outside scope.
  const row = await loadInScope(deps.db, context, APPLICATION, id, 'assistance.manage');
  await deps.db.transaction(async (tx) => {
    const answered = await repo.answerObjection(tx, row, objectionId, {
      answer: body.answer,
      upheld: body.upheld,
      answeredBy: context.actor.userId,
    });
    if (!answered) throw notFound();
    if (body.upheld && ACTIVE_STAGES.includes(row.stage as ApplicationStage)) {
      const next = await advance(tx, row, row.version, { stage: 'rejected', rejectionReason: body.answer });
      await addEvent(tx, next, context, 'reject', { stage: 'rejected', note: body.answer });
    } else {
      await addEvent(tx, row, context, 'objection_answer', {
        note: body.answer,
        audit: { objectionId, upheld: body.upheld },
      });
    }
  });
  return toView(deps, context, (await repo.findApplication(deps.db, id))!, 'cadre');
}
