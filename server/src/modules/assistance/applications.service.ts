import {
  type ApplicationAction,
  type ApplicationActionBody,
  type ApplicationBody,
  type ApplicationStage,
  amountLimit,
  type applicationSchema,
  checkEligibility,
  claimConsistent,
  type DocumentKind,
  formatYuan,
  type HardshipTier,
  type listApplicationsQuerySchema,
  type MedicalClaim,
  maskBankAccount,
  maskName,
  medicalPayout,
  type Need,
  nextStep,
  type PaymentStatus,
  type ProgrammeKind,
  periodOf,
  type SchoolLevel,
  stageAfter,
} from '@gonghui/contract';
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { calendarOverrides } from '../../platform/calendar.repository';
import { AppError, type FieldProblem, notFound, ValidationProblem } from '../../platform/errors';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { organisations } from '../../platform/organisations.tables';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import { members } from '../membership/membership.tables';
import {
  assistanceApplications,
  assistanceBudgets,
  assistanceDocuments,
  assistanceEvents,
  assistanceNeedClaims,
  assistanceObjections,
  assistancePayments,
  assistanceProgrammes,
} from './assistance.tables';
import { openFileOf } from './files.service';
import { findProgramme, isEnrolled, type ProgrammeRow, programmesFor } from './programmes.service';
import { type AssistanceDeps, idsOnPath, monthsBetween, storeDocument, userNames } from './shared';

type ApplicationRow = typeof assistanceApplications.$inferSelect;
type ApplicationView = z.infer<typeof applicationSchema>;
type MemberRow = typeof members.$inferSelect;

const ACTIVE_STAGES: readonly ApplicationStage[] = ['submitted', 'checked', 'reviewed', 'notice'];

// ---- the applicant and the rules ----

async function memberById(db: Executor, id: number) {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

async function memberOfUser(db: Executor, userId: string) {
  const [row] = await db.select().from(members).where(eq(members.userId, userId));
  if (!row) throw new AppError(403, 'assistance.not_a_member');
  return row;
}

/** What this member has already been granted this year by a mutual-aid programme (for the cap). */
async function paidThisYear(db: Executor, programmeId: number, member: MemberRow, period: string, exceptId = 0) {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${assistancePayments.amountFen}), 0)` })
    .from(assistancePayments)
    .innerJoin(
      assistanceApplications,
      and(
        eq(assistanceApplications.id, assistancePayments.applicationId),
        eq(assistanceApplications.provinceCode, assistancePayments.provinceCode),
      ),
    )
    .where(
      and(
        eq(assistanceApplications.memberId, member.id),
        eq(assistanceApplications.provinceCode, member.provinceCode),
        eq(assistanceApplications.programmeId, programmeId),
        eq(assistanceApplications.period, period),
        sql`${assistanceApplications.id} <> ${exceptId}`,
        sql`${assistancePayments.status} <> 'cancelled'`,
      ),
    );
  return Number(row?.total ?? 0);
}

async function needClaimed(
  db: Executor,
  provinceCode: string,
  householdKey: string,
  need: string | null,
  period: string,
) {
  if (!need) return false;
  const [row] = await db
    .select({ id: assistanceNeedClaims.applicationId })
    .from(assistanceNeedClaims)
    .where(
      and(
        eq(assistanceNeedClaims.householdKey, householdKey),
        eq(assistanceNeedClaims.need, need),
        eq(assistanceNeedClaims.period, period),
        eq(assistanceNeedClaims.provinceCode, provinceCode),
      ),
    );
  return Boolean(row);
}

/** The applicant's facts, the rules' results, the household and the period of the need. */
async function assess(deps: AssistanceDeps, member: MemberRow, programme: ProgrammeRow, today: string) {
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

const windowOpen = (programme: ProgrammeRow, today: string) =>
  programme.opensOn <= today && today <= programme.closesOn;
const windowClosed = (programme: ProgrammeRow) =>
  new AppError(422, 'assistance.window_closed', { opensOn: programme.opensOn, closesOn: programme.closesOn });

/** Programmes that apply at the member's union: run by it or by a federation above it. */
export async function myProgrammes(deps: AssistanceDeps, context: RequestContext) {
  const member = await memberOfUser(deps.db, context.actor.userId);
  return { items: await programmesFor(deps.db, member.organisationPath) };
}

/** Before applying: whether the member passes each rule, what blocks an application now, and the limit. */
export async function eligibilityOf(deps: AssistanceDeps, context: RequestContext, programmeId: number) {
  const member = await memberOfUser(deps.db, context.actor.userId);
  const found = await programmeForMember(deps, member, programmeId);
  const today = todayInChina();
  const { results, file, period, householdKey } = await assess(deps, member, found, today);
  const blockers: string[] = [];
  if (!windowOpen(found, today)) blockers.push('window');
  if (await needClaimed(deps.db, member.provinceCode, householdKey, found.need, period)) blockers.push('need');
  return {
    eligible: results.every((r) => r.passed),
    results: results.map(({ reason, params, passed }) => ({ reason, params, passed })),
    blockers,
    limitFen: found.amount.kind === 'mutual_medical' ? null : amountLimit(found.amount, { tier: file?.tier ?? null }),
  };
}

async function programmeForMember(deps: AssistanceDeps, member: MemberRow, programmeId: number) {
  const found = await findProgramme(deps.db, programmeId);
  // A programme applies in its federation's subtree; elsewhere it does not exist for the member.
  if (!found || !isWithin(member.organisationPath, [found.ownerPath])) throw notFound();
  return found.programme;
}

function checkDetails(programme: ProgrammeRow, body: ApplicationBody): FieldProblem[] {
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

async function limitFor(
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

/**
 * A new application, kept as a draft until its documents are in and it is submitted. The rules are
 * checked now, and the reasons given when they fail.
 */
async function createApplication(
  deps: AssistanceDeps,
  context: RequestContext,
  member: MemberRow,
  body: ApplicationBody,
  onBehalf: boolean,
) {
  const programme = await programmeForMember(deps, member, body.programmeId);
  const today = todayInChina();
  if (!windowOpen(programme, today)) throw windowClosed(programme);
  const { facts, results, file, period, householdKey } = await assess(deps, member, programme, today);
  const failed = results.filter((r) => !r.passed);
  if (failed.length > 0) {
    throw new ValidationProblem(
      failed.map((r) => ({ field: 'programmeId', messageKey: `eligibility.${r.reason}`, params: r.params })),
      'assistance.ineligible',
    );
  }
  if (await needClaimed(deps.db, member.provinceCode, householdKey, programme.need, period)) {
    throw new AppError(409, 'assistance.already_paid_for_need', { period });
  }
  const problems = checkDetails(programme, body);
  if (problems.length > 0) throw new ValidationProblem(problems);
  const limit = await limitFor(
    deps.db,
    programme,
    member,
    { schoolLevel: body.schoolLevel ?? null, tier: file?.tier ?? null, claim: body.claim ?? null },
    period,
  );
  if (limit === null || limit <= 0) {
    // No row of the amount table fits (a school level it does not fund), or a claim below the deductible.
    throw new ValidationProblem(
      [
        body.claim
          ? { field: 'claim.selfPaidFen', messageKey: 'validation.assistance.nothingPayable' }
          : { field: 'schoolLevel', messageKey: 'validation.assistance.noAmountRow' },
      ],
      'assistance.ineligible',
    );
  }
  if (body.requestedFen !== undefined && body.requestedFen > limit) {
    throw new ValidationProblem([
      { field: 'requestedFen', messageKey: 'validation.assistance.overLimit', params: { yuan: formatYuan(limit) } },
    ]);
  }
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(assistanceApplications)
      .values({
        provinceCode: member.provinceCode,
        programmeId: programme.id,
        memberId: member.id,
        organisationId: member.organisationId,
        applicantUserId: context.actor.userId,
        onBehalf,
        fileId: file?.id ?? null,
        householdKey,
        period,
        reason: body.reason,
        details: {
          ...(body.schoolLevel ? { schoolLevel: body.schoolLevel } : {}),
          ...(body.student ? { student: body.student } : {}),
          ...(body.claim ? { claim: body.claim } : {}),
        },
        eligibility: { facts: { ...facts, incomePerHeadFen: null }, results },
        requestedFen: body.requestedFen ?? limit,
        limitFen: limit,
        bankName: body.bankAccount.bankName,
        accountName: body.bankAccount.accountName,
        accountNumberEnc: deps.cipher.encrypt(body.bankAccount.accountNumber),
        consentAt: new Date(),
      })
      .returning();
    await addEvent(tx, inserted!, context, 'create', { stage: 'draft', amountFen: inserted!.requestedFen });
    return inserted!;
  });
  return row;
}

export async function applyAsMember(deps: AssistanceDeps, context: RequestContext, body: ApplicationBody) {
  const member = await memberOfUser(deps.db, context.actor.userId);
  const row = await createApplication(deps, context, member, body, false);
  return toView(deps, context, row, 'applicant');
}

/** A cadre applies for a member of a union they manage. */
export async function applyOnBehalf(
  deps: AssistanceDeps,
  context: RequestContext,
  body: ApplicationBody & { memberId: number },
) {
  const member = await memberById(deps.db, body.memberId);
  if (!member || !isWithin(member.organisationPath, scopeOf(context.actor, 'assistance.manage'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'member',
      id: body.memberId,
      exists: async () => member !== undefined,
    });
  }
  const row = await createApplication(deps, context, member, body, true);
  return toView(deps, context, row, 'cadre');
}

// ---- views ----

async function addEvent(
  tx: Executor,
  row: ApplicationRow,
  context: RequestContext | null,
  action: string,
  extra: {
    stage?: ApplicationStage | null;
    amountFen?: number | null;
    note?: string | null;
    audit?: Record<string, unknown>;
  } = {},
) {
  await tx.insert(assistanceEvents).values({
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
}

function missingDocuments(programme: ProgrammeRow, kinds: readonly string[]): DocumentKind[] {
  return programme.documents.filter((kind) => !kinds.includes(kind));
}

/** The amount the latest level granted. */
const latestAmount = (row: ApplicationRow) => row.approvedFen ?? row.reviewedFen ?? row.checkedFen ?? row.requestedFen;

type Viewer = 'applicant' | 'cadre';

function actionsFor(
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
  if (step === 'approve') {
    if (approve && row.firstApproverId !== context.actor.userId) actions.push('approve');
  } else if (step === 'review') {
    if (reviewsAbove(context, row)) actions.push('review');
  } else if (step && manage) actions.push(step);
  if (ACTIVE_STAGES.includes(row.stage as ApplicationStage) && manage) actions.push('reject');
  return actions;
}

/** The higher-level review is done from a federation above the applicant's union. */
function reviewsAbove(context: RequestContext, row: ApplicationRow) {
  return (context.actor.grants.get('assistance.manage') ?? []).some((path) =>
    row.organisationPath.startsWith(`${path}.`),
  );
}

async function toView(
  deps: AssistanceDeps,
  context: RequestContext,
  row: ApplicationRow,
  viewer: Viewer,
): Promise<ApplicationView> {
  const of = <
    T extends
      | typeof assistanceDocuments
      | typeof assistanceObjections
      | typeof assistancePayments
      | typeof assistanceEvents,
  >(
    table: T,
  ) => and(eq(table.applicationId, row.id), eq(table.provinceCode, row.provinceCode));
  const [found, member, documents, objections, [payment], events, names] = await Promise.all([
    findProgramme(deps.db, row.programmeId),
    memberById(deps.db, row.memberId),
    deps.db
      .select({
        id: assistanceDocuments.id,
        kind: assistanceDocuments.kind,
        fileName: assistanceDocuments.fileName,
        mediaType: assistanceDocuments.mediaType,
        size: assistanceDocuments.size,
        createdAt: assistanceDocuments.createdAt,
      })
      .from(assistanceDocuments)
      .where(of(assistanceDocuments))
      .orderBy(asc(assistanceDocuments.createdAt)),
    deps.db.select().from(assistanceObjections).where(of(assistanceObjections)).orderBy(asc(assistanceObjections.id)),
    deps.db.select().from(assistancePayments).where(of(assistancePayments)),
    deps.db.select().from(assistanceEvents).where(of(assistanceEvents)).orderBy(asc(assistanceEvents.id)),
    organisationNames(deps.db, [row.organisationId]),
  ]);
  const programme = found!.programme;
  const actors = await userNames(deps.db, [...events.map((e) => e.actorUserId), row.firstApproverId]);
  const claim = row.details.claim ?? null;
  const payout =
    claim && programme.amount.kind === 'mutual_medical'
      ? medicalPayout(programme.amount, claim, await paidThisYear(deps.db, programme.id, member!, row.period, row.id))
          .steps
      : null;
  return {
    ...listItem(
      row,
      programme,
      member?.name ?? '',
      names.get(row.organisationId) ?? '',
      payment?.status ?? null,
      viewer,
    ),
    memberId: row.memberId,
    organisationId: row.organisationId,
    onBehalf: row.onBehalf,
    reason: row.reason,
    schoolLevel: (row.details.schoolLevel ?? null) as ApplicationView['schoolLevel'],
    student: row.details.student ?? null,
    claim: claim
      ? {
          invoiceTotalFen: claim.invoiceTotalFen,
          insurancePaidFen: claim.insurancePaidFen,
          selfPaidFen: claim.selfPaidFen,
          hospitalDays: claim.hospitalDays,
          diagnosisClass: claim.diagnosisClass,
          ...(claim.hospital ? { hospital: claim.hospital } : {}),
        }
      : null,
    payout,
    limitFen: row.limitFen,
    checkedFen: row.checkedFen,
    reviewedFen: row.reviewedFen,
    approvedFen: row.approvedFen,
    homeVisit: row.homeVisit ?? null,
    eligibility: row.eligibility.results.map(({ reason, params, passed }) => ({ reason, params, passed })),
    bankAccount: {
      bankName: row.bankName,
      accountName: row.accountName,
      accountNumber: maskBankAccount(deps.cipher.decrypt(row.accountNumberEnc)),
    },
    noticeStartsOn: row.noticeStartsOn,
    firstApproverName: row.firstApproverId ? (actors.get(row.firstApproverId) ?? null) : null,
    needsSecondApprover: row.firstApproverId !== null && row.stage !== 'approved',
    rejectionReason: row.rejectionReason,
    documents: documents.map((d) => ({ ...d, kind: d.kind as DocumentKind, createdAt: d.createdAt.toISOString() })),
    missingDocuments: missingDocuments(
      programme,
      documents.map((d) => d.kind),
    ),
    objections: objections.map((o) => ({
      id: o.id,
      text: o.text,
      filedAt: o.createdAt.toISOString(),
      answer: o.answer,
      upheld: o.upheld,
      answeredAt: o.answeredAt?.toISOString() ?? null,
    })),
    payment: payment
      ? {
          id: payment.id,
          status: payment.status as PaymentStatus,
          reference: payment.reference,
          batchId: payment.batchId,
          paidAt: payment.paidAt?.toISOString() ?? null,
          failureReason: payment.failureReason,
        }
      : null,
    events: events.map((e) => ({
      action: e.action,
      actorName: e.actorUserId ? (actors.get(e.actorUserId) ?? null) : null,
      stage: e.stage as ApplicationStage | null,
      amountFen: e.amountFen,
      note: e.note,
      at: e.createdAt.toISOString(),
    })),
    actions: actionsFor(context, row, programme, viewer),
    version: row.version,
  };
}

function listItem(
  row: ApplicationRow,
  programme: { id: number; name: string; kind: string },
  memberName: string,
  organisationName: string,
  paymentStatus: string | null,
  viewer: Viewer | 'public',
) {
  return {
    id: row.id,
    programmeId: programme.id,
    programmeName: programme.name,
    programmeKind: programme.kind as ProgrammeKind,
    memberName: viewer === 'public' ? maskName(memberName) : memberName,
    organisationName,
    stage: row.stage as ApplicationStage,
    requestedFen: row.requestedFen,
    amountFen: latestAmount(row),
    paymentStatus: paymentStatus as PaymentStatus | null,
    noticeEndsOn: row.noticeEndsOn,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Applications with the member's name, the programme, the union and the payment: every list's query. */
function applicationRows(db: Executor) {
  return db
    .select({
      application: assistanceApplications,
      memberName: members.name,
      programmeName: assistanceProgrammes.name,
      programmeKind: assistanceProgrammes.kind,
      organisationName: organisations.name,
      paymentStatus: assistancePayments.status,
    })
    .from(assistanceApplications)
    .innerJoin(
      members,
      and(
        eq(members.id, assistanceApplications.memberId),
        eq(members.provinceCode, assistanceApplications.provinceCode),
      ),
    )
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
    .innerJoin(organisations, eq(organisations.id, assistanceApplications.organisationId))
    .leftJoin(
      assistancePayments,
      and(
        eq(assistancePayments.applicationId, assistanceApplications.id),
        eq(assistancePayments.provinceCode, assistanceApplications.provinceCode),
      ),
    );
}

async function listRows(deps: AssistanceDeps, where: SQL | undefined, limit: number, offset: number, viewer: Viewer) {
  const rows = await applicationRows(deps.db)
    .where(where)
    .orderBy(desc(assistanceApplications.createdAt), desc(assistanceApplications.id))
    .limit(limit)
    .offset(offset);
  return rows.map((r) =>
    listItem(
      r.application,
      { id: r.application.programmeId, name: r.programmeName, kind: r.programmeKind },
      r.memberName,
      r.organisationName,
      r.paymentStatus,
      viewer,
    ),
  );
}

export async function myApplications(deps: AssistanceDeps, context: RequestContext) {
  const member = await memberOfUser(deps.db, context.actor.userId);
  return {
    items: await listRows(
      deps,
      and(eq(assistanceApplications.memberId, member.id), eq(assistanceApplications.provinceCode, member.provinceCode)),
      100,
      0,
      'applicant',
    ),
  };
}

export async function listApplications(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof listApplicationsQuerySchema>,
) {
  const scope = scopeOf(context.actor, 'assistance.read');
  const conditions: SQL[] = [inSubtrees(assistanceApplications.organisationPath, scope)];
  if (query.stage) conditions.push(eq(assistanceApplications.stage, query.stage));
  // A member's own draft is theirs until submitted; a cadre's draft for a member is listed.
  else conditions.push(sql`(${assistanceApplications.stage} <> 'draft' OR ${assistanceApplications.onBehalf})`);
  if (query.programmeId) conditions.push(eq(assistanceApplications.programmeId, query.programmeId));
  if (query.actionable) conditions.push(inArray(assistanceApplications.stage, [...ACTIVE_STAGES]));
  const where = and(...conditions);
  const [items, [total]] = await Promise.all([
    listRows(deps, where, query.pageSize, (query.page - 1) * query.pageSize, 'cadre'),
    deps.db.select({ total: count() }).from(assistanceApplications).where(where),
  ]);
  return { items, total: total?.total ?? 0, page: query.page, pageSize: query.pageSize };
}

async function findApplication(db: Executor, id: number) {
  const [row] = await db.select().from(assistanceApplications).where(eq(assistanceApplications.id, id));
  return row;
}

async function applicationInScope(deps: AssistanceDeps, context: RequestContext, id: number) {
  const row = await findApplication(deps.db, id);
  if (!row || !isWithin(row.organisationPath, scopeOf(context.actor, 'assistance.read'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'assistance_application',
      id,
      exists: async () => row !== undefined,
    });
  }
  return row;
}

async function myApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  const row = await findApplication(deps.db, id);
  const member = row ? await memberById(deps.db, row.memberId) : undefined;
  if (!row || member?.userId !== context.actor.userId) {
    return refuseOutOfScope(deps.db, context, {
      type: 'assistance_application',
      id,
      exists: async () => row !== undefined,
    });
  }
  return row;
}

export async function getApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, context, await applicationInScope(deps, context, id), 'cadre');
}

export async function getMyApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, context, await myApplication(deps, context, id), 'applicant');
}

// ---- the review chain ----

/** Moves an application on, if its version is still the one the person saw. */
async function advance(
  tx: Executor,
  row: ApplicationRow,
  version: number,
  values: Partial<typeof assistanceApplications.$inferInsert>,
) {
  const [next] = await tx
    .update(assistanceApplications)
    .set({ ...values, version: row.version + 1, updatedAt: new Date() })
    .where(
      and(
        eq(assistanceApplications.id, row.id),
        eq(assistanceApplications.provinceCode, row.provinceCode),
        eq(assistanceApplications.version, version),
        eq(assistanceApplications.stage, row.stage),
      ),
    )
    .returning();
  if (!next) throw new AppError(409, 'assistance.application_changed');
  return next;
}

function grantedAmount(row: ApplicationRow, body: ApplicationActionBody, limit: number) {
  const amount = body.amountFen ?? latestAmount(row) ?? limit;
  if (amount <= 0) throw new ValidationProblem([{ field: 'amountFen', messageKey: 'validation.positiveAmount' }]);
  if (amount > limit) {
    throw new ValidationProblem([
      { field: 'amountFen', messageKey: 'validation.assistance.overLimit', params: { yuan: formatYuan(limit) } },
    ]);
  }
  return amount;
}

/** The budget that pays: the programme's budget this year at the union or the nearest federation above it. */
async function budgetFor(tx: Executor, row: ApplicationRow, year: number) {
  const [budget] = await tx
    .select({ budget: assistanceBudgets, organisationName: organisations.name })
    .from(assistanceBudgets)
    .innerJoin(organisations, eq(organisations.id, assistanceBudgets.organisationId))
    .where(
      and(
        eq(assistanceBudgets.programmeId, row.programmeId),
        eq(assistanceBudgets.year, year),
        eq(assistanceBudgets.provinceCode, row.provinceCode),
        inArray(assistanceBudgets.organisationId, idsOnPath(row.organisationPath)),
      ),
    )
    .orderBy(sql`nlevel(${organisations.path}) DESC`)
    .limit(1);
  return budget;
}

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
      await tx.execute(
        sql`SELECT 1 FROM members WHERE id = ${row.memberId} AND province_code = ${row.provinceCode} FOR UPDATE`,
      );
      const member = (await memberById(tx, row.memberId))!;
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
    const found = await budgetFor(tx, row, year);
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
      const claimed = await tx
        .insert(assistanceNeedClaims)
        .values({
          provinceCode: row.provinceCode,
          householdKey: row.householdKey,
          need: programme.need,
          period: row.period,
          applicationId: row.id,
        })
        .onConflictDoNothing()
        .returning({ id: assistanceNeedClaims.applicationId });
      if (claimed.length === 0) throw new AppError(409, 'assistance.already_paid_for_need', { period: row.period });
    }
    await tx.insert(assistancePayments).values({
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
    const [charged] = await tx
      .update(assistanceBudgets)
      .set({ committedFen: sql`${assistanceBudgets.committedFen} + ${amount}`, updatedAt: new Date() })
      .where(
        and(
          eq(assistanceBudgets.id, found.budget.id),
          eq(assistanceBudgets.provinceCode, found.budget.provinceCode),
          sql`${assistanceBudgets.committedFen} + ${amount} <= ${assistanceBudgets.amountFen}`,
        ),
      )
      .returning({ id: assistanceBudgets.id });
    if (!charged) {
      const [current] = await tx
        .select({ amount: assistanceBudgets.amountFen, committed: assistanceBudgets.committedFen })
        .from(assistanceBudgets)
        .where(
          and(eq(assistanceBudgets.id, found.budget.id), eq(assistanceBudgets.provinceCode, found.budget.provinceCode)),
        );
      throw new AppError(409, 'assistance.budget_exhausted', {
        organisation: found.organisationName,
        programme: programme.name,
        year,
        available: formatYuan((current?.amount ?? 0) - (current?.committed ?? 0)),
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
  const found = await findProgramme(deps.db, row.programmeId);
  const programme = found!.programme;
  if (!actionsFor(context, row, programme, viewer).includes(body.action)) {
    throw new AppError(409, 'assistance.transition_not_allowed');
  }
  if (row.version !== body.version) throw new AppError(409, 'assistance.application_changed');
  const today = todayInChina();
  const member = (await memberById(deps.db, row.memberId))!;
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
    values: Partial<typeof assistanceApplications.$inferInsert>,
    event: Parameters<typeof addEvent>[4],
    action: string = body.action,
  ) =>
    deps.db.transaction(async (tx) => {
      const next = await advance(tx, row, body.version, values);
      await addEvent(tx, next, context, action, event);
      return next;
    });
  switch (body.action) {
    case 'submit': {
      if (!windowOpen(programme, today)) throw windowClosed(programme);
      const kinds = await deps.db
        .select({ kind: assistanceDocuments.kind })
        .from(assistanceDocuments)
        .where(
          and(eq(assistanceDocuments.applicationId, row.id), eq(assistanceDocuments.provinceCode, row.provinceCode)),
        );
      const missing = missingDocuments(
        programme,
        kinds.map((k) => k.kind),
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
        const [open] = await deps.db
          .select({ id: assistanceObjections.id })
          .from(assistanceObjections)
          .where(
            and(
              eq(assistanceObjections.applicationId, row.id),
              eq(assistanceObjections.provinceCode, row.provinceCode),
              sql`${assistanceObjections.answeredAt} IS NULL`,
            ),
          )
          .limit(1);
        if (open) throw new AppError(409, 'assistance.objections_open');
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
  const row = await applicationInScope(deps, context, id);
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

// ---- documents ----

/** Documents are taken while the application is still in the chain. */
async function addTo(
  deps: AssistanceDeps,
  context: RequestContext,
  row: ApplicationRow,
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  if (!['draft', ...ACTIVE_STAGES].includes(row.stage)) throw new AppError(409, 'assistance.transition_not_allowed');
  await storeDocument(deps, context, { ...row, of: 'application' }, kind, file);
}

export async function addDocument(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  const row = await applicationInScope(deps, context, id);
  if (!isWithin(row.organisationPath, scopeOf(context.actor, 'assistance.manage'))) throw notFound();
  await addTo(deps, context, row, kind, file);
  return toView(deps, context, row, 'cadre');
}

export async function addMyDocument(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  kind: DocumentKind,
  file: { fileName: string; content: Buffer },
) {
  const row = await myApplication(deps, context, id);
  await addTo(deps, context, row, kind, file);
  return toView(deps, context, row, 'applicant');
}

export async function readDocument(
  deps: AssistanceDeps,
  context: RequestContext,
  id: number,
  documentId: string,
  mine: boolean,
) {
  const row = mine ? await myApplication(deps, context, id) : await applicationInScope(deps, context, id);
  const [document] = await deps.db
    .select()
    .from(assistanceDocuments)
    .where(
      and(
        eq(assistanceDocuments.id, documentId),
        eq(assistanceDocuments.applicationId, row.id),
        eq(assistanceDocuments.provinceCode, row.provinceCode),
      ),
    );
  if (!document) throw notFound();
  return document;
}

// ---- public notice and objections ----

/** The federation whose notice board a member reads: the city above their union (or the top of the tree). */
async function noticeBoardOf(deps: AssistanceDeps, context: RequestContext | null, organisationId?: number) {
  if (organisationId) {
    const [row] = await deps.db
      .select({ id: organisations.id, name: organisations.name, path: organisations.path })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    if (!row) throw notFound();
    return row;
  }
  if (!context) throw new ValidationProblem([{ field: 'organisationId', messageKey: 'validation.required' }]);
  const member = await memberOfUser(deps.db, context.actor.userId);
  const ancestors = await deps.db
    .select({ id: organisations.id, name: organisations.name, path: organisations.path, level: organisations.level })
    .from(organisations)
    .where(inArray(organisations.id, idsOnPath(member.organisationPath)))
    .orderBy(sql`nlevel(${organisations.path})`);
  return ancestors.find((a) => a.level === 'city') ?? ancestors[0]!;
}

/** Applications in public notice under a federation: masked names, unit and amount. */
export async function listNotices(deps: AssistanceDeps, context: RequestContext | null, organisationId?: number) {
  const board = await noticeBoardOf(deps, context, organisationId);
  const today = todayInChina();
  const rows = await applicationRows(deps.db)
    .where(
      and(
        eq(assistanceApplications.stage, 'notice'),
        inSubtrees(assistanceApplications.organisationPath, [board.path]),
      ),
    )
    .orderBy(asc(assistanceApplications.noticeEndsOn), asc(assistanceApplications.id))
    .limit(500);
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
  const row = await findApplication(deps.db, id);
  if (row?.stage !== 'notice') throw new AppError(409, 'assistance.not_in_notice');
  if (row.noticeEndsOn && todayInChina() > row.noticeEndsOn) {
    throw new AppError(409, 'assistance.notice_ended', { endsOn: row.noticeEndsOn });
  }
  await deps.db.transaction(async (tx) => {
    const [objection] = await tx
      .insert(assistanceObjections)
      .values({ provinceCode: row.provinceCode, applicationId: row.id, text, filedBy: context.actor.userId })
      .returning({ id: assistanceObjections.id });
    await addEvent(tx, row, context, 'objection', { note: null, audit: { objectionId: objection!.id } });
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
  const row = await applicationInScope(deps, context, id);
  if (!isWithin(row.organisationPath, scopeOf(context.actor, 'assistance.manage'))) {
    // Readable here but decided by another union: refused and recorded like any write outside scope.
    return refuseOutOfScope(deps.db, context, { type: 'assistance_application', id, exists: async () => true });
  }
  await deps.db.transaction(async (tx) => {
    const [answered] = await tx
      .update(assistanceObjections)
      .set({ answer: body.answer, upheld: body.upheld, answeredBy: context.actor.userId, answeredAt: new Date() })
      .where(
        and(
          eq(assistanceObjections.id, objectionId),
          eq(assistanceObjections.applicationId, row.id),
          eq(assistanceObjections.provinceCode, row.provinceCode),
          sql`${assistanceObjections.answeredAt} IS NULL`,
        ),
      )
      .returning({ id: assistanceObjections.id });
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
  return toView(deps, context, (await findApplication(deps.db, id))!, 'cadre');
}
