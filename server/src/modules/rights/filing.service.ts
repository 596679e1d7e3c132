import { randomInt } from 'node:crypto';
import {
  type AuditAction,
  CASE_TYPES,
  type CaseCategory,
  type CaseDetails,
  type CaseStage,
  kindOfCategory,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { type RequestContext, rolesHolding } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { CROCKFORD_BASE32 } from '../../platform/crypto';
import { AppError, ValidationProblem } from '../../platform/errors';
import { organisationNames } from '../../platform/organisation-tree.repository';
import { provinceOf } from '../../platform/province';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import { accessFor, caseByCode, followUpHash, myCase } from './case-access';
import { checkDetails, deadlinesFrom, employerKeyOf, type RightsDeps } from './case-rules';
import { toCaseView, toReporterView } from './case-views';
import * as repo from './cases.repository';

// Filing a case: by a worker, by a cadre for a worker, anonymously; and the reporter's own cases.

export async function listDesks(deps: Pick<RightsDeps, 'db'>) {
  return { items: await repo.listDesks(deps.db) };
}

export async function deskOrganisation(db: Executor, id: number) {
  const desk = await repo.findActiveFederation(db, id);
  if (!desk) throw new AppError(422, 'rights.not_a_desk');
  return desk;
}

/** The federation nearest above a member's union: where their case is received and dispatched from. */
export async function deskOfMember(db: Executor, userId: string) {
  const path = await repo.unionPathOfMember(db, userId);
  if (!path) throw new AppError(422, 'rights.not_a_desk');
  const ancestors = path.split('.').map(Number).reverse();
  const ids = await repo.activeFederationIds(db, ancestors);
  const nearest = ancestors.find((id) => ids.has(id));
  if (nearest === undefined) throw new AppError(422, 'rights.not_a_desk');
  return nearest;
}

/** The dispatchers of the nearest organisation at or above `path` that has any. */
export async function intakeDispatchers(deps: RightsDeps, db: Executor, path: string) {
  const rows = await repo.roleHoldersOver(db, rolesHolding(deps.rolePermissions, 'rights.dispatch'), path);
  const deepest = Math.max(...rows.map((r) => r.depth));
  return rows.filter((r) => r.depth === deepest).map((r) => r.userId);
}

export interface NewCase {
  category: CaseCategory;
  title: string;
  description: string;
  details?: CaseDetails | undefined;
}

/**
 * Files a case with a desk, in one transaction with its first event, its intake team when it is
 * confidential, and its audit row (written without a request context for an anonymous report).
 */
export async function fileWith(
  deps: RightsDeps,
  body: NewCase,
  desk: { id: number; regionCode: string; path: string },
  reporter: { userId: string } | { followUpHash: string } | { registeredBy: string },
  audit: { context: RequestContext | null; action: AuditAction },
) {
  const kind = kindOfCategory(body.category);
  const problems = checkDetails(kind, body.details);
  if (problems.length > 0) throw new ValidationProblem(problems);
  const type = CASE_TYPES[kind];
  const anonymous = 'followUpHash' in reporter;
  const reporterUserId = 'userId' in reporter ? reporter.userId : null;
  const actorUserId = 'registeredBy' in reporter ? reporter.registeredBy : reporterUserId;
  const acceptedOn = todayInChina();
  const deadlines = await deadlinesFrom(deps, acceptedOn, type.defaultDeadline);
  const details = body.details ?? {};
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertCase(tx, {
      provinceCode: provinceOf(desk.regionCode),
      kind,
      category: body.category,
      deadlineClass: type.defaultDeadline,
      title: body.title,
      description: body.description,
      anonymous,
      confidential: anonymous || type.confidential,
      reporterUserId,
      followUpHash: anonymous ? reporter.followUpHash : null,
      receivedOrganisationId: desk.id,
      organisationId: desk.id,
      acceptedOn,
      ...deadlines,
      details,
      employerKey: employerKeyOf(kind, details),
    });
    if (row.confidential) {
      // Only its team sees a confidential case: it starts as the dispatchers of the nearest staffed
      // desk at or above the one it was filed with.
      const intake = await intakeDispatchers(deps, tx, desk.path);
      if ('registeredBy' in reporter) intake.push(reporter.registeredBy);
      for (const userId of new Set(intake)) await repo.addToTeam(tx, row, userId, 'dispatcher');
    }
    await repo.insertEvent(tx, {
      provinceCode: row.provinceCode,
      caseId: row.id,
      action: 'accept',
      actorUserId,
      toStage: 'accepted',
      organisationId: desk.id,
      public: true,
    });
    await recordAudit(tx, audit.context, {
      action: audit.action,
      subjectType: 'rights_case',
      subjectId: row.id,
      organisationId: desk.id,
      changes: { category: body.category },
    });
    return row;
  });
}

/** A signed-in worker asks for help; the case goes to the federation above their union unless they chose one. */
export async function fileCase(
  deps: RightsDeps,
  context: RequestContext,
  body: NewCase & { organisationId?: number | undefined },
) {
  const deskId = body.organisationId ?? (await deskOfMember(deps.db, context.actor.userId));
  const desk = await deskOrganisation(deps.db, deskId);
  const row = await fileWith(deps, body, desk, { userId: context.actor.userId }, { context, action: 'case.file' });
  return toReporterView(deps, row);
}

/**
 * A cadre registers a case for a worker: a call to the hotline, a visit, or a case referred in by
 * the arbitration commission or a court. It is filed with an organisation in their dispatch scope.
 */
export async function registerCase(
  deps: RightsDeps,
  context: RequestContext,
  body: NewCase & { organisationId: number },
) {
  const desk = await loadInScope(deps.db, context, ORGANISATION, body.organisationId, 'rights.dispatch');
  const row = await fileWith(
    deps,
    body,
    desk,
    { registeredBy: context.actor.userId },
    { context, action: 'case.register' },
  );
  return toCaseView(deps, await accessFor(deps, context, row.id));
}

export function newFollowUpCode(provinceCode: string) {
  const group = () => Array.from({ length: 4 }, () => CROCKFORD_BASE32[randomInt(CROCKFORD_BASE32.length)]).join('');
  return `${provinceCode}-${group()}-${group()}-${group()}-${group()}`;
}

/**
 * An anonymous report. Nothing about the reporter is kept: no account, no address, no request id
 * in the audit trail (the route does not log its request either). The follow-up code, shown once,
 * is the only key; the province prefix keeps the lookup on one shard.
 */
export async function fileAnonymousCase(deps: RightsDeps, body: NewCase & { organisationId: number }) {
  const desk = await deskOrganisation(deps.db, body.organisationId);
  const code = newFollowUpCode(provinceOf(desk.regionCode));
  const row = await fileWith(
    deps,
    body,
    desk,
    { followUpHash: followUpHash(deps, code) },
    { context: null, action: 'case.file_anonymous' },
  );
  return { followUpCode: code, case: await toReporterView(deps, row) };
}

export async function anonymousCase(deps: RightsDeps, code: string) {
  return toReporterView(deps, await caseByCode(deps, code));
}

export async function myCases(deps: RightsDeps, context: RequestContext) {
  const rows = await repo.casesReportedBy(deps.db, context.actor.userId, 100);
  const names = await organisationNames(
    deps.db,
    rows.map((r) => r.organisationId),
  );
  return {
    items: rows.map((row) => ({
      id: row.id,
      category: row.category as CaseCategory,
      stage: row.stage as CaseStage,
      title: row.title,
      organisationName: names.get(row.organisationId) ?? '',
      dueOn: row.dueOn,
      createdAt: row.createdAt.toISOString(),
    })),
  };
}

export async function getMyCase(deps: RightsDeps, context: RequestContext, id: number) {
  return toReporterView(deps, await myCase(deps, context, id));
}
