import {
  type ApplicationActionBody,
  type ApplicationStage,
  type AuditActionOf,
  formatYuan,
  stageAfter,
} from '@gonghui/contract';
import type { RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { calendarOverrides } from '../../platform/calendar.repository';
import { AppError, ValidationProblem } from '../../platform/errors';
import { idsOnPath, organisationNames } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import {
  actionsFor,
  addEvent,
  advance,
  type EventExtra,
  grantedAmount,
  limitFor,
  missingDocuments,
  myApplication,
  paidThisYear,
  type Viewer,
  windowClosed,
  windowOpen,
} from './application-rules';
import { toView } from './application-views';
import type { ApplicationInsert, ApplicationRow } from './applications.repository';
import * as repo from './applications.repository';
import { APPLICATION } from './applications.repository';
import { documentsOf } from './documents.repository';
import { insertPayment } from './payments.repository';
import type { ProgrammeRow } from './programmes.repository';
import * as programmes from './programmes.repository';
import type { AssistanceDeps } from './shared';

// The review chain: submit, check, review, notice, approve (by one or two approvers) or reject,
// each by whom the programme's chain names; approval commits the money.

/**
 * The approval that commits money, in one transaction: the application moves (its row lock makes
 * a second approval of it wait and then fail on the version), the household's need is claimed for
 * the period (its key refuses a second payment across programmes), the payment is created for the
 * next batch, and the budget's committed amount grows only while it stays within the budget (a
 * conditional update; concurrent approvals queue on the budget row).
 */
async function commitApproval(
  deps: AssistanceDeps,
  context: RequestContext,
  row: ApplicationRow,
  programme: ProgrammeRow,
  version: number,
  amount: number,
) {
  const year = Number(todayInChina().slice(0, 4));
  return deps.db.transaction(async (tx) => {
    const next = await advance(tx, row, version, {
      stage: 'approved',
      approvedFen: amount,
      approvedBy: context.actor.userId,
      approvedAt: new Date(),
    });
    if (programme.amount.kind === 'mutual_medical') {
      // The yearly cap is the member's own budget: claims approved at once queue on the member row
      // and each sees what the others committed.
      await repo.lockMember(tx, { id: row.memberId, provinceCode: row.provinceCode });
      const member = (await repo.memberById(tx, row.memberId))!;
      const remaining =
        programme.amount.yearlyCapFen - (await paidThisYear(tx, programme.id, member, row.period, row.id));
      if (amount > remaining) {
        throw new ValidationProblem([
          {
            field: 'amountFen',
            messageKey: 'validation.assistance.overLimit',
            params: { yuan: formatYuan(Math.max(0, remaining)) },
          },
        ]);
      }
    }
    const found = await programmes.nearestBudget(
      tx,
      {
        programmeId: row.programmeId,
        provinceCode: row.provinceCode,
        organisationIds: idsOnPath(row.organisationPath),
      },
      year,
    );
    if (!found) {
      const names = await organisationNames(tx, [row.organisationId]);
      throw new AppError(422, 'assistance.no_budget', {
        organisation: names.get(row.organisationId) ?? '',
        programme: programme.name,
        year,
      });
    }
    // Written before the budget row is locked, so the lock is held only for the charge, the event
    // and the audit row: the need claim refuses a second payment for the household's need, and the
    // payment goes with the transaction if the budget cannot cover it.
    if (programme.need) {
      const claimed = await repo.claimNeed(tx, {
        provinceCode: row.provinceCode,
        householdKey: row.householdKey,
        need: programme.need,
        period: row.period,
        applicationId: row.id,
      });
      if (!claimed) throw new AppError(409, 'assistance.already_paid_for_need', { period: row.period });
    }
    await insertPayment(tx, {
      provinceCode: row.provinceCode,
      applicationId: row.id,
      organisationId: found.budget.organisationId,
      budgetId: found.budget.id,
      amountFen: amount,
      reference: `BF${row.provinceCode}${String(row.id).padStart(10, '0')}`,
      bankName: row.bankName,
      accountName: row.accountName,
      accountNumberEnc: row.accountNumberEnc,
    });
    if (!(await programmes.chargeBudget(tx, found.budget, amount))) {
      throw new AppError(409, 'assistance.budget_exhausted', {
        organisation: found.organisationName,
        programme: programme.name,
        year,
        available: formatYuan(await programmes.budgetAvailable(tx, found.budget)),
        amount: formatYuan(amount),
      });
    }
    await addEvent(tx, next, context, 'approve', {
      stage: 'approved',
      amountFen: amount,
      audit: { budgetId: found.budget.id, secondApprover: row.firstApproverId !== null },
    });
    return next;
  });
}

async function act(
  deps: AssistanceDeps,
  context: RequestContext,
  row: ApplicationRow,
  viewer: Viewer,
  body: ApplicationActionBody,
) {
  const found = await programmes.findProgramme(deps.db, row.programmeId);
  const programme = found!.programme;
  if (!actionsFor(context, row, programme, viewer).includes(body.action)) {
    throw new AppError(409, 'assistance.transition_not_allowed');
  }
  if (row.version !== body.version) throw new AppError(409, 'assistance.application_changed');
  const today = todayInChina();
  const member = (await repo.memberById(deps.db, row.memberId))!;
  const limit =
    (await limitFor(
      deps.db,
      programme,
      member,
      {
        schoolLevel: row.details.schoolLevel ?? null,
        tier: row.eligibility.facts.fileTier,
        claim: row.details.claim ?? null,
      },
      row.period,
      row.id,
    )) ?? 0;
  const simple = async (
    values: Partial<ApplicationInsert>,
    event: EventExtra,
    action: AuditActionOf<'assistance'> = body.action,
  ) =>
    deps.db.transaction(async (tx) => {
      const next = await advance(tx, row, body.version, values);
      await addEvent(tx, next, context, action, event);
      return next;
    });
  switch (body.action) {
    case 'submit': {
      if (!windowOpen(programme, today)) throw windowClosed(programme);
      const documents = await documentsOf(deps.db, { ...row, of: 'application' });
      const missing = missingDocuments(
        programme,
        documents.map((d) => d.kind),
      );
      if (missing.length > 0) {
        throw new ValidationProblem(
          missing.map((kind) => ({ field: `documents.${kind}`, messageKey: 'validation.assistance.documentMissing' })),
          'assistance.documents_missing',
        );
      }
      return simple({ stage: 'submitted' }, { stage: 'submitted' });
    }
    case 'withdraw':
      return simple({ stage: 'withdrawn' }, { stage: 'withdrawn', note: body.note ?? null });
    case 'reject':
      if (!body.note)
        throw new ValidationProblem([{ field: 'note', messageKey: 'validation.assistance.noteRequired' }]);
      return simple({ stage: 'rejected', rejectionReason: body.note }, { stage: 'rejected', note: body.note });
    case 'check': {
      if (programme.homeVisitRequired && !body.homeVisit) {
        throw new ValidationProblem([{ field: 'homeVisit', messageKey: 'validation.assistance.homeVisitRequired' }]);
      }
      const amount = grantedAmount(row, body, limit);
      return simple(
        { stage: stageAfter('check'), checkedFen: amount, homeVisit: body.homeVisit ?? null },
        { stage: 'checked', amountFen: amount, note: body.note ?? null },
      );
    }
    case 'review': {
      const amount = grantedAmount(row, body, limit);
      return simple(
        { stage: stageAfter('review'), reviewedFen: amount },
        { stage: 'reviewed', amountFen: amount, note: body.note ?? null },
      );
    }
    case 'notice': {
      const endsOn = addWorkingDays(today, programme.noticeDays, await calendarOverrides(deps.db));
      return simple(
        { stage: 'notice', noticeStartsOn: today, noticeEndsOn: endsOn },
        { stage: 'notice', note: body.note ?? null, audit: { endsOn } },
      );
    }
    case 'approve': {
      if (row.stage === 'notice') {
        if (row.noticeEndsOn && today <= row.noticeEndsOn) {
          throw new AppError(409, 'assistance.notice_running', { endsOn: row.noticeEndsOn });
        }
        if (await repo.hasOpenObjection(deps.db, row)) throw new AppError(409, 'assistance.objections_open');
      }
      // The second approver approves what the first did.
      const amount =
        row.firstApproverId !== null && row.approvedFen !== null ? row.approvedFen : grantedAmount(row, body, limit);
      const threshold = programme.dualApprovalFromFen;
      if (threshold !== null && amount >= threshold && row.firstApproverId === null) {
        // The first of two approvers: recorded, nothing committed yet.
        return simple(
          { firstApproverId: context.actor.userId, approvedFen: amount },
          { stage: row.stage as ApplicationStage, amountFen: amount, note: body.note ?? null },
          'first_approve',
        );
      }
      if (row.firstApproverId === context.actor.userId) {
        throw new AppError(409, 'assistance.second_approver', { yuan: formatYuan(threshold ?? 0) });
      }
      return commitApproval(deps, context, row, programme, body.version, amount).catch(async (error: unknown) => {
        // The refusal is a decision too: kept in the audit trail after the approval rolled back.
        if (
          error instanceof AppError &&
          (error.code === 'assistance.budget_exhausted' || error.code === 'assistance.no_budget')
        ) {
          await recordAudit(deps.db, context, {
            action: 'assistance.approve_refused',
            subjectType: 'assistance_application',
            subjectId: row.id,
            organisationId: row.organisationId,
            changes: { reason: error.code, amountFen: amount },
          });
        }
        throw error;
      });
    }
  }
}

export async function actOnApplication(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  body: ApplicationActionBody,
) {
  const row = await loadInScope(deps.db, context, APPLICATION, id, 'assistance.read');
  return toView(deps, context, await act(deps, context, row, 'cadre', body), 'cadre');
}

export async function actOnMyApplication(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  body: ApplicationActionBody,
) {
  const row = await myApplication(deps, context, id);
  return toView(deps, context, await act(deps, context, row, 'applicant', body), 'applicant');
}
