import type { caseSchema, reporterCaseSchema } from '@gonghui/contract';
import {
  allowedActions,
  type CaseCategory,
  type CaseDetails,
  type CaseKind,
  type CaseStage,
  type DeadlineClass,
  legalAidEligible,
  limitationOf,
  maskMobile,
  mediationDeadline,
} from '@gonghui/contract';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { todayInChina } from '../../platform/working-days';
import type { Access } from './case-access';
import type { RightsDeps } from './case-rules';
import type { CaseRow } from './cases.repository';
import * as repo from './cases.repository';

// A case as a cadre sees it and as its reporter sees it.

export type CaseView = z.infer<typeof caseSchema>;
export type ReporterView = z.infer<typeof reporterCaseSchema>;

// ---- views ----

export const NOTES_FOR_REPORTER = new Set(['reply', 'close', 'rate']);

export async function eventsOf(db: Executor, row: CaseRow, publicOnly: boolean) {
  const events = await repo.caseEvents(db, row, publicOnly);
  return events.map(({ event, actorName, organisationName }) => ({
    id: event.id,
    at: event.createdAt.toISOString(),
    action: event.action,
    // A reporter sees which union answered, not which person.
    actorName: publicOnly ? null : actorName,
    fromStage: event.fromStage as CaseStage | null,
    toStage: event.toStage as CaseStage | null,
    // The reporter sees that a case moved, but a dispatcher's or handler's note only when it answers them.
    note: publicOnly && !NOTES_FOR_REPORTER.has(event.action) ? null : event.note,
    organisationName,
    public: event.public,
  }));
}

export async function attachmentsOf(db: Executor, row: CaseRow) {
  const rows = await repo.caseAttachments(db, row);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export function mediationFacts(row: CaseRow) {
  const details = row.details as CaseDetails;
  const deadline = row.kind === 'mediation' && details.requestedOn ? mediationDeadline(details.requestedOn) : null;
  return {
    mediationDeadline: deadline,
    mediationExpired: deadline !== null && row.closedAt === null && todayInChina() > deadline,
  };
}

export async function employerReports(db: Executor, row: CaseRow) {
  if (!row.employerKey) return null;
  return repo.wageArrearsReportsAbout(db, row);
}

/** Wage-arrears reports about one employer within 12 months that flag it for risk warnings. */
export const EMPLOYER_FLAG_REPORTS = 2;

export async function toCaseView(deps: RightsDeps, access: Access): Promise<CaseView> {
  const { row } = access;
  const [names, handler, reporter, events, attachments, reports] = await Promise.all([
    organisationNames(deps.db, [row.organisationId, row.receivedOrganisationId, row.escalatedToId]),
    row.handlerUserId ? repo.userNameAndMobile(deps.db, row.handlerUserId) : Promise.resolve(null),
    row.reporterUserId ? repo.userNameAndMobile(deps.db, row.reporterUserId) : Promise.resolve(null),
    eventsOf(deps.db, row, false),
    attachmentsOf(deps.db, row),
    employerReports(deps.db, row),
  ]);
  const details = row.details as CaseDetails;
  return {
    ...listItem(row, names.get(row.organisationId) ?? '', handler?.name ?? null),
    description: row.description,
    reporterName: reporter?.name ?? null,
    reporterMobile: reporter?.mobileEnc ? maskMobile(deps.cipher.decrypt(reporter.mobileEnc)) : null,
    receivedOrganisationName: names.get(row.receivedOrganisationId) ?? '',
    handlerUserId: row.handlerUserId,
    escalatedToName: row.escalatedToId ? (names.get(row.escalatedToId) ?? null) : null,
    details,
    limitation: limitationOf(details),
    ...mediationFacts(row),
    legalAidEligible: row.kind === 'legal_aid' ? legalAidEligible(details.eligibility) : null,
    employerReports: reports,
    employerFlagged: reports !== null && reports >= EMPLOYER_FLAG_REPORTS,
    rating: row.rating,
    resolution: row.resolution,
    closedAt: row.closedAt?.toISOString() ?? null,
    closedOnTime: row.closedOnTime,
    version: row.version,
    // Break-glass alone acts as nobody: no actions.
    actions: allowedActions(row.kind as CaseKind, row.stage as CaseStage, access.as),
    events,
    attachments,
    breakGlassUntil: access.breakGlassUntil && !access.onTeam ? access.breakGlassUntil.toISOString() : null,
  };
}

export function listItem(row: CaseRow, organisationName: string, handlerName: string | null) {
  return {
    id: row.id,
    kind: row.kind as CaseKind,
    category: row.category as CaseCategory,
    stage: row.stage as CaseStage,
    deadlineClass: row.deadlineClass as DeadlineClass,
    title: row.title,
    organisationId: row.organisationId,
    organisationName,
    handlerName,
    dueOn: row.dueOn,
    overdue: row.overdue,
    escalationLevel: row.escalationLevel,
    confidential: row.confidential,
    anonymous: row.anonymous,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function toReporterView(deps: RightsDeps, row: CaseRow): Promise<ReporterView> {
  const [names, events, attachments] = await Promise.all([
    organisationNames(deps.db, [row.organisationId]),
    eventsOf(deps.db, row, true),
    attachmentsOf(deps.db, row),
  ]);
  return {
    id: row.id,
    category: row.category as CaseCategory,
    stage: row.stage as CaseStage,
    title: row.title,
    description: row.description,
    organisationName: names.get(row.organisationId) ?? '',
    dueOn: row.dueOn,
    ...mediationFacts(row),
    limitation: limitationOf(row.details as CaseDetails),
    resolution: row.resolution,
    rating: row.rating,
    version: row.version,
    actions: allowedActions(row.kind as CaseKind, row.stage as CaseStage, ['reporter']).filter(
      (a): a is 'reply' | 'rate' => a === 'reply' || a === 'rate',
    ),
    events,
    attachments,
    createdAt: row.createdAt.toISOString(),
  };
}
