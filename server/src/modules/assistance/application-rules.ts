import {
  type ApplicationAction,
  type ApplicationActionBody,
  type ApplicationBody,
  type ApplicationStage,
  type AuditActionOf,
  amountLimit,
  checkEligibility,
  claimConsistent,
  type DocumentKind,
  formatYuan,
  type HardshipTier,
  type MedicalClaim,
  type MessageKind,
  type Need,
  nextStep,
  periodOf,
  type ReviewStep,
  type SchoolLevel,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, type FieldProblem, ValidationProblem } from '../../platform/errors';
import { notify } from '../reach';
import type { ApplicationInsert, ApplicationRow } from './applications.repository';
import * as repo from './applications.repository';
import { openFileOf } from './files.service';
import { isEnrolled, type ProgrammeRow } from './programmes.repository';
import { type AssistanceDeps, monthsBetween } from './shared';

// The rules an application keeps: who may apply, for how much, who acts next, and the loads that
// refuse (and audit) what the person may not see.

export type MemberRow = NonNullable<Awaited<ReturnType<typeof repo.memberById>>>;
export type Viewer = 'applicant' | 'cadre';

export const ACTIVE_STAGES: readonly ApplicationStage[] = ['submitted', 'checked', 'reviewed', 'notice'];

// ---- the applicant ----

export async function memberOfUser(db: Executor, userId: string) {
  const row = await repo.memberOfUser(db, userId);
  if (!row) throw new AppError(403, 'assistance.not_a_member');
  return row;
}

/** What this member has already been granted this year by a mutual-aid programme (for the cap). */
export const paidThisYear = (db: Executor, programmeId: number, member: MemberRow, period: string, exceptId = 0) =>
  repo.paidInPeriod(db, { programmeId, memberId: member.id, provinceCode: member.provinceCode, period }, exceptId);

export async function needClaimed(
  db: Executor,
  provinceCode: string,
  householdKey: string,
  need: string | null,
  period: string,
) {
  return need ? repo.needClaimed(db, { provinceCode, householdKey, need, period }) : false;
}

/** The applicant's facts, the rules' results, the household and the period of the need. */
export async function assess(deps: AssistanceDeps, member: MemberRow, programme: ProgrammeRow, today: string) {
  const file = await openFileOf(deps, deps.db, member.id, member.provinceCode);
  const year = Number(today.slice(0, 4));
  const enrolled =
    programme.kind === 'mutual_medical'
      ? await isEnrolled(deps.db, programme.id, year, member.id, member.provinceCode)
      : false;
  const facts = {
    memberStatus: member.status,
    memberMonths: monthsBetween(member.joinedOn, today),
    fileTier: file?.tier ?? null,
    incomePerHeadFen: file?.incomePerHeadFen ?? null,
    enrolled,
  };
  const results = checkEligibility(programme.rules, facts);
  const period = programme.need ? periodOf(programme.need as Need, today) : today.slice(0, 4);
  const householdKey = file ? `f${file.id}` : `m${member.id}`;
  return { facts, results, file, period, householdKey };
}

export const windowOpen = (programme: ProgrammeRow, today: string) =>
  programme.opensOn <= today && today <= programme.closesOn;
export const windowClosed = (programme: ProgrammeRow) =>
  new AppError(422, 'assistance.window_closed', { opensOn: programme.opensOn, closesOn: programme.closesOn });

export function checkDetails(programme: ProgrammeRow, body: ApplicationBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (programme.kind === 'student_aid') {
    if (!body.schoolLevel)
      problems.push({ field: 'schoolLevel', messageKey: 'validation.assistance.schoolLevelRequired' });
    if (!body.student) problems.push({ field: 'student', messageKey: 'validation.assistance.studentRequired' });
  }
  if (programme.kind === 'mutual_medical') {
    if (!body.claim) problems.push({ field: 'claim', messageKey: 'validation.assistance.claimRequired' });
    else if (!claimConsistent(body.claim)) {
      problems.push({ field: 'claim.selfPaidFen', messageKey: 'validation.assistance.claimInconsistent' });
    }
  }
  return problems;
}

export async function limitFor(
  db: Executor,
  programme: ProgrammeRow,
  member: MemberRow,
  input: { schoolLevel: string | null; tier: string | null; claim: MedicalClaim | null | undefined },
  period: string,
  exceptId = 0,
) {
  const paid =
    programme.amount.kind === 'mutual_medical' ? await paidThisYear(db, programme.id, member, period, exceptId) : 0;
  return amountLimit(
    programme.amount,
    {
      schoolLevel: input.schoolLevel as SchoolLevel | null,
      tier: input.tier as HardshipTier | null,
      claim: input.claim ?? null,
    },
    paid,
  );
}

export function missingDocuments(programme: ProgrammeRow, kinds: readonly string[]): DocumentKind[] {
  return programme.documents.filter((kind) => !kinds.includes(kind));
}

/** The amount the latest level granted. */
export const latestAmount = (row: ApplicationRow) =>
  row.approvedFen ?? row.reviewedFen ?? row.checkedFen ?? row.requestedFen;

export function grantedAmount(row: ApplicationRow, body: ApplicationActionBody, limit: number) {
  const amount = body.amountFen ?? latestAmount(row) ?? limit;
  if (amount <= 0) throw new ValidationProblem([{ field: 'amountFen', messageKey: 'validation.positiveAmount' }]);
  if (amount > limit) {
    throw new ValidationProblem([
      { field: 'amountFen', messageKey: 'validation.assistance.overLimit', params: { yuan: formatYuan(limit) } },
    ]);
  }
  return amount;
}

// ---- who acts next ----

export function actionsFor(
  context: RequestContext,
  row: ApplicationRow,
  programme: ProgrammeRow,
  viewer: Viewer,
): ApplicationAction[] {
  if (viewer === 'applicant') {
    const own: ApplicationAction[] = [];
    if (row.stage === 'draft') own.push('submit');
    if (row.stage === 'draft' || ACTIVE_STAGES.includes(row.stage as ApplicationStage)) own.push('withdraw');
    return own;
  }
  const manage = isWithin(row.organisationPath, context.actor.grants.get('assistance.manage') ?? []);
  const approve = isWithin(row.organisationPath, context.actor.grants.get('assistance.approve') ?? []);
  const actions: ApplicationAction[] = [];
  if (row.stage === 'draft' && manage && row.onBehalf) actions.push('submit');
  const step = nextStep(programme.chain, row.stage as ApplicationStage);
  const where = {
    manage,
    above: reviewsAbove(context, row),
    approve,
    gaveFirstApproval: row.firstApproverId === context.actor.userId,
  };
  if (step && nextStepIsTheirs(step, where)) actions.push(step);
  if (ACTIVE_STAGES.includes(row.stage as ApplicationStage) && manage) actions.push('reject');
  return actions;
}

/**
 * Whether an application's next step is the cadre's, from where it lies against their subtrees:
 * approval where they approve, unless they gave the first approval; the higher-level review from a
 * federation above the applicant's union; any other step where they manage. (The actions an
 * application offers and the console's to-do list both decide by this.)
 */
export function nextStepIsTheirs(
  step: ReviewStep | 'approve',
  where: { manage: boolean; above: boolean; approve: boolean; gaveFirstApproval: boolean },
): boolean {
  if (step === 'approve') return where.approve && !where.gaveFirstApproval;
  if (step === 'review') return where.above;
  return where.manage;
}

/** The higher-level review is done from a federation above the applicant's union. */
function reviewsAbove(context: RequestContext, row: ApplicationRow) {
  return (context.actor.grants.get('assistance.manage') ?? []).some((path) =>
    row.organisationPath.startsWith(`${path}.`),
  );
}

// ---- loads and writes every use case shares ----

export async function myApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  const row = await repo.findApplication(deps.db, id);
  const member = row ? await repo.memberById(deps.db, row.memberId) : undefined;
  if (!row || member?.userId !== context.actor.userId) {
    return refuseOutOfScope(deps.db, context, {
      type: 'assistance_application',
      id,
      exists: async () => row !== undefined,
    });
  }
  return row;
}

export interface EventExtra {
  stage?: ApplicationStage | null;
  amountFen?: number | null;
  note?: string | null;
  audit?: Record<string, unknown>;
}

/** What the applicant is told of a step someone else took, if anything. */
function applicantMessage(action: AuditActionOf<'assistance'>, extra: EventExtra): MessageKind | null {
  if (action === 'payment_paid') return 'application.paid';
  switch (extra.stage) {
    case 'checked':
    case 'reviewed':
      return 'application.progress';
    case 'notice':
      return 'application.notice';
    case 'approved':
      return action === 'approve' ? 'application.approved' : null;
    case 'rejected':
      return 'application.rejected';
    default:
      return null;
  }
}

/**
 * An event on the application's timeline, and its audit row, in the caller's transaction; the
 * applicant is told of a step someone else took (through the message centre).
 */
export async function addEvent(
  tx: Executor,
  row: ApplicationRow,
  context: RequestContext | null,
  action: AuditActionOf<'assistance'>,
  extra: EventExtra = {},
) {
  await repo.insertEvent(tx, {
    provinceCode: row.provinceCode,
    applicationId: row.id,
    action,
    actorUserId: context?.actor.userId ?? null,
    stage: extra.stage ?? null,
    amountFen: extra.amountFen ?? null,
    note: extra.note ?? null,
  });
  await recordAudit(tx, context, {
    action: `assistance.${action}`,
    subjectType: 'assistance_application',
    subjectId: row.id,
    organisationId: row.organisationId,
    changes: {
      ...(extra.stage ? { stage: extra.stage } : {}),
      ...(extra.amountFen != null ? { amountFen: extra.amountFen } : {}),
      ...extra.audit,
    },
  });
  const kind = applicantMessage(action, extra);
  if (kind && row.applicantUserId && row.applicantUserId !== context?.actor.userId)
    await notify(tx, {
      kind,
      recipients: [row.applicantUserId],
      params: {
        applicationId: row.id,
        ...(typeof extra.audit?.endsOn === 'string' ? { endsOn: extra.audit.endsOn } : {}),
      },
      link: `/app/assistance/${row.id}`,
      organisationId: row.organisationId,
      source: { type: 'assistance_application', id: row.id },
    });
}

/** Moves an application on, if its version is still the one the person saw. */
export async function advance(tx: Executor, row: ApplicationRow, version: number, values: Partial<ApplicationInsert>) {
  const next = await repo.advanceApplication(tx, row, version, values);
  if (!next) throw new AppError(409, 'assistance.application_changed');
  return next;
}
