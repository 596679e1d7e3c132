import {
  type ApplicationStage,
  type applicationSchema,
  type DocumentKind,
  type listApplicationsQuerySchema,
  maskBankAccount,
  maskName,
  medicalPayout,
  type PaymentStatus,
  type ProgrammeKind,
} from '@gonghui/contract';
import type { z } from 'zod';
import { type RequestContext, scopeOf } from '../../platform/access';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import {
  ACTIVE_STAGES,
  actionsFor,
  latestAmount,
  memberOfUser,
  missingDocuments,
  myApplication,
  paidThisYear,
  type Viewer,
} from './application-rules';
import type { ApplicationListRow, ApplicationRow } from './applications.repository';
import * as repo from './applications.repository';
import { APPLICATION } from './applications.repository';
import { documentsOf } from './documents.repository';
import { findProgramme } from './programmes.repository';
import { type AssistanceDeps, userNames } from './shared';

// An application as its applicant and as a cadre see it, alone and in lists.

type ApplicationView = z.infer<typeof applicationSchema>;

export async function toView(
  deps: AssistanceDeps,
  context: RequestContext,
  row: ApplicationRow,
  viewer: Viewer,
): Promise<ApplicationView> {
  const [found, member, documents, objections, payment, events, names] = await Promise.all([
    findProgramme(deps.db, row.programmeId),
    repo.memberById(deps.db, row.memberId),
    documentsOf(deps.db, { ...row, of: 'application' }),
    repo.objectionsOf(deps.db, row),
    repo.paymentOf(deps.db, row),
    repo.eventsOf(deps.db, row),
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

const listItems = (rows: readonly ApplicationListRow[], viewer: Viewer) =>
  rows.map((r) =>
    listItem(
      r.application,
      { id: r.application.programmeId, name: r.programmeName, kind: r.programmeKind },
      r.memberName,
      r.organisationName,
      r.paymentStatus,
      viewer,
    ),
  );

export async function myApplications(deps: AssistanceDeps, context: RequestContext) {
  const member = await memberOfUser(deps.db, context.actor.userId);
  return { items: listItems(await repo.applicationsOfMember(deps.db, member), 'applicant') };
}

export async function listApplications(
  deps: AssistanceDeps,
  context: RequestContext,
  query: z.infer<typeof listApplicationsQuerySchema>,
) {
  const { items, total } = await repo.applicationsPage(
    deps.db,
    {
      scope: scopeOf(context.actor, 'assistance.read'),
      stage: query.stage,
      programmeId: query.programmeId,
      stages: query.actionable ? ACTIVE_STAGES : undefined,
    },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: listItems(items, 'cadre'), total, page: query.page, pageSize: query.pageSize };
}

export async function getApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, context, await loadInScope(deps.db, context, APPLICATION, id, 'assistance.read'), 'cadre');
}

export async function getMyApplication(deps: AssistanceDeps, context: RequestContext, id: number) {
  return toView(deps, context, await myApplication(deps, context, id), 'applicant');
}
