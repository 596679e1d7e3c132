import { randomInt } from 'node:crypto';
import type { caseSchema, reporterCaseSchema } from '@gonghui/contract';
import {
  addDays,
  allowedActions,
  CASE_TYPES,
  type CaseActionBody,
  type CaseActor,
  type CaseCategory,
  type CaseDetails,
  type CaseKind,
  type CaseStage,
  DETAIL_FIELDS,
  type DeadlineClass,
  kindOfCategory,
  legalAidEligible,
  limitationOf,
  maskMobile,
  mediationDeadline,
  missingFields,
  type NOTIFICATION_KINDS,
  type Permission,
  transitionOf,
} from '@gonghui/contract';
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { can, isWithin, type RequestContext, rolesHolding, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { calendarOverrides } from '../../platform/calendar.repository';
import { CROCKFORD_BASE32 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { examineDocument, MAX_DOCUMENT_BYTES } from '../../platform/documents';
import { AppError, type FieldProblem, notFound, ValidationProblem } from '../../platform/errors';
import { findOrganisation, organisationNames } from '../../platform/organisation-tree.repository';
import { provinceOf } from '../../platform/province';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import type { CaseRow } from './cases.repository';
import * as repo from './cases.repository';
import type { rightsCaseEvents, rightsCases } from './rights.tables';

export type RightsDeps = Pick<AppDeps, 'db' | 'cipher' | 'config' | 'rolePermissions'>;
type CaseView = z.infer<typeof caseSchema>;
type ReporterView = z.infer<typeof reporterCaseSchema>;
type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

// ---- deadlines ----

export async function deadlinesFrom(
  deps: Pick<RightsDeps, 'db' | 'config'>,
  acceptedOn: string,
  deadlineClass: DeadlineClass,
) {
  const overrides = await calendarOverrides(deps.db);
  const days = deps.config.rights.deadlineDays[deadlineClass];
  const dueOn = addWorkingDays(acceptedOn, days, overrides);
  const warnOn = days > 1 ? addWorkingDays(acceptedOn, days - 1, overrides) : acceptedOn;
  // Overdue, and so escalated, from the day after it was due.
  return { dueOn, warnOn, nextEscalationOn: addDays(dueOn, 1) };
}

// ---- who sees a case ----

/**
 * Cases a cadre may see: outside confidential cases, those in the subtrees where they hold
 * rights.read; and any case whose team they are on (a confidential case's team starts as the
 * dispatchers of its desk) or that they hold break-glass access to. The second set is read first
 * (it is small) so the predicate is two index conditions PostgreSQL can combine (a bitmap OR of
 * the path index and the primary key), not a subquery per row.
 */
export async function visibleTo(db: Executor, context: RequestContext) {
  return {
    readPaths: context.actor.grants.get('rights.read') ?? [],
    visibleIds: await repo.teamAndBreakGlassCaseIds(db, context.actor.userId),
  };
}

interface Access {
  row: CaseRow;
  as: CaseActor[];
  onTeam: boolean;
  breakGlassUntil: Date | null;
}

/** The case as the cadre may see it, with the parts they act as; refuses (and audits) otherwise. */
async function accessFor(deps: RightsDeps, context: RequestContext, id: number): Promise<Access> {
  const row = await repo.findCase(deps.db, id);
  const access = row ? await resolveAccess(deps, context, row) : null;
  if (!access) {
    return refuseOutOfScope(deps.db, context, { type: 'rights_case', id, exists: async () => row !== undefined });
  }
  return access;
}

async function resolveAccess(deps: RightsDeps, context: RequestContext, row: CaseRow): Promise<Access | null> {
  const db = deps.db;
  const userId = context.actor.userId;
  const [team, breakGlassUntil] = await Promise.all([
    repo.teamRolesOf(db, row, userId),
    repo.breakGlassUntil(db, row, userId),
  ]);
  const onTeam = team.length > 0;
  const within = (permission: Permission) => isWithin(row.organisationPath, context.actor.grants.get(permission) ?? []);
  const openToSubtree = !row.confidential && within('rights.read');
  if (!onTeam && !openToSubtree && !breakGlassUntil) return null;
  const as: CaseActor[] = [];
  const teamRoles = new Set(team.map((t) => t.role));
  if (within('rights.dispatch') && (openToSubtree || teamRoles.has('dispatcher'))) as.push('dispatcher');
  if (teamRoles.has('handler') || teamRoles.has('member') || (openToSubtree && within('rights.handle')))
    as.push('handler');
  return { row, as, onTeam, breakGlassUntil };
}

// ---- views ----

const NOTES_FOR_REPORTER = new Set(['reply', 'close', 'rate']);

async function eventsOf(db: Executor, row: CaseRow, publicOnly: boolean) {
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

async function attachmentsOf(db: Executor, row: CaseRow) {
  const rows = await repo.caseAttachments(db, row);
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

function mediationFacts(row: CaseRow) {
  const details = row.details as CaseDetails;
  const deadline = row.kind === 'mediation' && details.requestedOn ? mediationDeadline(details.requestedOn) : null;
  return {
    mediationDeadline: deadline,
    mediationExpired: deadline !== null && row.closedAt === null && todayInChina() > deadline,
  };
}

async function employerReports(db: Executor, row: CaseRow) {
  if (!row.employerKey) return null;
  return repo.wageArrearsReportsAbout(db, row);
}

/** Wage-arrears reports about one employer within 12 months that flag it for risk warnings. */
export const EMPLOYER_FLAG_REPORTS = 2;

async function toCaseView(deps: RightsDeps, access: Access): Promise<CaseView> {
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

function listItem(row: CaseRow, organisationName: string, handlerName: string | null) {
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

async function toReporterView(deps: RightsDeps, row: CaseRow): Promise<ReporterView> {
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

// ---- filing ----

function checkDetails(kind: CaseKind, details: CaseDetails | undefined): FieldProblem[] {
  const allowed = new Set<string>(DETAIL_FIELDS[kind]);
  return Object.keys(details ?? {})
    .filter((key) => !allowed.has(key))
    .map((key) => ({ field: `details.${key}`, messageKey: 'validation.rights.notForKind' }));
}

function employerKeyOf(kind: CaseKind, details: CaseDetails): string | null {
  if (kind !== 'wage_arrears' || !details.employer) return null;
  return details.employer.uscc ?? details.employer.name.replace(/\s+/g, '');
}

/** Federations that receive reports (the "desks"): city and county federations, open. */
export async function listDesks(deps: Pick<RightsDeps, 'db'>) {
  return { items: await repo.listDesks(deps.db) };
}

async function deskOrganisation(db: Executor, id: number) {
  const desk = await repo.findActiveFederation(db, id);
  if (!desk) throw new AppError(422, 'rights.not_a_desk');
  return desk;
}

/** The federation nearest above a member's union: where their case is received and dispatched from. */
async function deskOfMember(db: Executor, userId: string) {
  const path = await repo.unionPathOfMember(db, userId);
  if (!path) throw new AppError(422, 'rights.not_a_desk');
  const ancestors = path.split('.').map(Number).reverse();
  const ids = await repo.activeFederationIds(db, ancestors);
  const nearest = ancestors.find((id) => ids.has(id));
  if (nearest === undefined) throw new AppError(422, 'rights.not_a_desk');
  return nearest;
}

/** The dispatchers of the nearest organisation at or above `path` that has any. */
async function intakeDispatchers(deps: RightsDeps, db: Executor, path: string) {
  const rows = await repo.roleHoldersOver(db, rolesHolding(deps.rolePermissions, 'rights.dispatch'), path);
  const deepest = Math.max(...rows.map((r) => r.depth));
  return rows.filter((r) => r.depth === deepest).map((r) => r.userId);
}

interface NewCase {
  category: CaseCategory;
  title: string;
  description: string;
  details?: CaseDetails | undefined;
}

/**
 * Files a case with a desk, in one transaction with its first event, its intake team when it is
 * confidential, and its audit row (written without a request context for an anonymous report).
 */
async function fileWith(
  deps: RightsDeps,
  body: NewCase,
  desk: { id: number; regionCode: string; path: string },
  reporter: { userId: string } | { followUpHash: string } | { registeredBy: string },
  audit: { context: RequestContext | null; action: string },
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
  const desk = await findOrganisation(deps.db, body.organisationId);
  if (desk?.status !== 'active' || !isWithin(desk.path, scopeOf(context.actor, 'rights.dispatch'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'organisation',
      id: body.organisationId,
      exists: async () => desk !== null,
    });
  }
  const row = await fileWith(
    deps,
    body,
    desk,
    { registeredBy: context.actor.userId },
    { context, action: 'case.register' },
  );
  return toCaseView(deps, await accessFor(deps, context, row.id));
}

function newFollowUpCode(provinceCode: string) {
  const group = () => Array.from({ length: 4 }, () => CROCKFORD_BASE32[randomInt(CROCKFORD_BASE32.length)]).join('');
  return `${provinceCode}-${group()}-${group()}-${group()}-${group()}`;
}
const followUpHash = (deps: Pick<RightsDeps, 'cipher'>, code: string) => deps.cipher.blindIndex(code).toString('hex');

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

async function caseByCode(deps: RightsDeps, code: string) {
  const row = await repo.findCaseByFollowUp(deps.db, followUpHash(deps, code), code.slice(0, 2));
  if (!row) throw new AppError(404, 'rights.follow_up_not_found');
  return row;
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

async function myCase(deps: RightsDeps, context: RequestContext, id: number) {
  const row = await repo.findCase(deps.db, id);
  if (!row || row.reporterUserId !== context.actor.userId) {
    return refuseOutOfScope(deps.db, context, { type: 'rights_case', id, exists: async () => row !== undefined });
  }
  return row;
}

export async function getMyCase(deps: RightsDeps, context: RequestContext, id: number) {
  return toReporterView(deps, await myCase(deps, context, id));
}

// ---- acting on a case ----

async function notify(tx: Executor, row: CaseRow, userIds: (string | null)[], kind: string) {
  await repo.insertNotifications(tx, row, [...new Set(userIds.filter((u): u is string => u !== null))], kind);
}

/** People who may handle cases at an organisation, for the dispatcher to choose from. */
export async function handlerOptions(deps: RightsDeps, context: RequestContext, organisationId: number) {
  const target = await findOrganisation(deps.db, organisationId);
  if (!target || !isWithin(target.path, scopeOf(context.actor, 'rights.dispatch'))) {
    return refuseOutOfScope(deps.db, context, {
      type: 'organisation',
      id: organisationId,
      exists: async () => target !== null,
    });
  }
  const rows = await repo.roleHoldersOver(deps.db, rolesHolding(deps.rolePermissions, 'rights.handle'), target.path, {
    within: scopeOf(context.actor, 'rights.dispatch'),
    limit: 200,
  });
  return { items: rows.map(({ userId, name, organisationName }) => ({ userId, name, organisationName })) };
}

interface Actor {
  as: readonly CaseActor[];
  userId: string | null;
  context: RequestContext | null;
}

/**
 * Applies one transition of the case type. The case must still be at the version the person saw;
 * two people acting at once: one wins, the other is told the case changed.
 */
async function applyAction(deps: RightsDeps, row: CaseRow, actor: Actor, body: CaseActionBody) {
  const kind = row.kind as CaseKind;
  const transition = transitionOf(kind, body.action);
  if (!transition.from.includes(row.stage as CaseStage) || !transition.by.some((b) => actor.as.includes(b))) {
    throw new AppError(409, 'rights.transition_not_allowed');
  }
  if (body.version !== row.version) throw new AppError(409, 'rights.case_changed');
  const problems = checkDetails(kind, body.details);
  if (problems.length > 0) throw new ValidationProblem(problems);
  const details: CaseDetails = { ...(row.details as CaseDetails), ...(body.details ?? {}) };
  const missing = missingFields(kind, body.action, { ...details, ...body });
  if (body.action === 'dispatch' && row.confidential && !body.handlerUserId) missing.push('handlerUserId');
  if (missing.length > 0) {
    throw new ValidationProblem(
      missing.map((key) => ({
        field: key in details || DETAIL_FIELDS[kind].includes(key as keyof CaseDetails) ? `details.${key}` : key,
        messageKey: 'validation.rights.requiredForStep',
      })),
    );
  }

  const patch: Partial<typeof rightsCases.$inferInsert> = {
    details,
    employerKey: employerKeyOf(kind, details),
  };
  const event: Partial<typeof rightsCaseEvents.$inferInsert> = { note: body.note ?? null, public: false };
  const recipients: { users: (string | null)[]; kind: string }[] = [];
  let teamAdds: { userId: string; role: 'dispatcher' | 'handler' | 'member' }[] = [];

  if (body.action === 'dispatch') {
    const target = await findOrganisation(deps.db, body.organisationId!);
    const scope = actor.context ? scopeOf(actor.context.actor, 'rights.dispatch') : [];
    const received = await findOrganisation(deps.db, row.receivedOrganisationId);
    if (target?.status !== 'active' || !isWithin(target.path, [received!.path]) || !isWithin(target.path, scope)) {
      throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.rights.dispatch_target' }]);
    }
    const handlers = body.handlerUserId
      ? await repo.roleHoldersOver(deps.db, rolesHolding(deps.rolePermissions, 'rights.handle'), target.path, {
          userId: body.handlerUserId,
        })
      : [];
    if (body.handlerUserId && handlers.length === 0) {
      throw new ValidationProblem([{ field: 'handlerUserId', messageKey: 'problem.rights.handler_not_eligible' }]);
    }
    patch.organisationId = target.id;
    patch.handlerUserId = body.handlerUserId ?? null;
    event.organisationId = target.id;
    event.public = true;
    teamAdds = [{ userId: actor.userId!, role: 'dispatcher' }];
    if (body.handlerUserId) {
      teamAdds.push({ userId: body.handlerUserId, role: 'handler' });
      recipients.push({ users: [body.handlerUserId], kind: 'assigned' });
    }
  }
  if (body.deadlineClass && body.deadlineClass !== row.deadlineClass) {
    if (!actor.as.includes('dispatcher')) throw new AppError(409, 'rights.transition_not_allowed');
    patch.deadlineClass = body.deadlineClass;
    Object.assign(patch, await deadlinesFrom(deps, row.acceptedOn, body.deadlineClass), { warnedAt: null });
  }
  if (body.action === 'take') {
    patch.handlerUserId = row.handlerUserId ?? actor.userId;
    teamAdds = [
      { userId: actor.userId!, role: row.handlerUserId && row.handlerUserId !== actor.userId ? 'member' : 'handler' },
    ];
    event.public = true;
  }
  if (body.action === 'return') {
    patch.organisationId = row.receivedOrganisationId;
    patch.handlerUserId = null;
    event.organisationId = row.receivedOrganisationId;
  }
  if (body.action === 'reply') {
    event.public = true;
    const fromReporter = actor.as.includes('reporter');
    recipients.push(
      fromReporter ? { users: [row.handlerUserId], kind: 'reply' } : { users: [row.reporterUserId], kind: 'reply' },
    );
  }
  if (body.action === 'close') {
    patch.closedAt = new Date();
    patch.closedOnTime = todayInChina() <= row.dueOn;
    patch.resolution = body.resolution!;
    patch.nextEscalationOn = null;
    event.note = body.resolution!;
    event.public = true;
  }
  if (body.action === 'rate') {
    patch.rating = body.rating!;
    event.public = true;
  }
  const toStage = transition.to;
  if (toStage) patch.stage = toStage;

  return deps.db.transaction(async (tx) => {
    const updated = await repo.updateCaseAtVersion(tx, row, patch);
    if (!updated) throw new AppError(409, 'rights.case_changed');
    await repo.insertEvent(tx, {
      provinceCode: row.provinceCode,
      caseId: row.id,
      action: body.action,
      actorUserId: actor.userId,
      fromStage: toStage ? row.stage : null,
      toStage,
      ...event,
    });
    for (const add of teamAdds) await repo.addToTeam(tx, updated, add.userId, add.role);
    for (const r of recipients) await notify(tx, updated, r.users, r.kind);
    await recordAudit(tx, actor.context, {
      action: `case.${body.action}`,
      subjectType: 'rights_case',
      subjectId: row.id,
      organisationId: updated.organisationId,
      changes: {
        stage: toStage ? { from: row.stage, to: toStage } : undefined,
        organisationId: patch.organisationId !== undefined ? patch.organisationId : undefined,
        handlerUserId: patch.handlerUserId !== undefined ? patch.handlerUserId : undefined,
        deadlineClass: patch.deadlineClass,
        fields: body.details ? Object.keys(body.details) : undefined,
      },
    });
    return updated;
  });
}

export async function getCase(deps: RightsDeps, context: RequestContext, id: number) {
  const access = await accessFor(deps, context, id);
  if (access.breakGlassUntil && !access.onTeam && access.as.length === 0) {
    await recordAudit(deps.db, context, {
      action: 'case.read_break_glass',
      subjectType: 'rights_case',
      subjectId: id,
      organisationId: access.row.organisationId,
    });
  }
  return toCaseView(deps, access);
}

export async function actOnCase(deps: RightsDeps, context: RequestContext, id: number, body: CaseActionBody) {
  const access = await accessFor(deps, context, id);
  const row = await applyAction(deps, access.row, { as: access.as, userId: context.actor.userId, context }, body);
  return toCaseView(deps, await accessFor(deps, context, row.id));
}

export async function actOnMyCase(
  deps: RightsDeps,
  context: RequestContext,
  id: number,
  body: Pick<CaseActionBody, 'action' | 'version' | 'note' | 'rating'>,
) {
  const row = await myCase(deps, context, id);
  const updated = await applyAction(deps, row, { as: ['reporter'], userId: context.actor.userId, context }, body);
  return toReporterView(deps, updated);
}

export async function actAnonymously(
  deps: RightsDeps,
  code: string,
  body: Pick<CaseActionBody, 'action' | 'version' | 'note' | 'rating'>,
) {
  const row = await caseByCode(deps, code);
  const updated = await applyAction(deps, row, { as: ['reporter'], userId: null, context: null }, body);
  return toReporterView(deps, updated);
}

// ---- lists ----

export async function listCases(
  deps: RightsDeps,
  context: RequestContext,
  query: {
    page: number;
    pageSize: number;
    box: 'mine' | 'all' | 'escalated' | 'overdue';
    stage?: CaseStage | undefined;
    kind?: CaseKind | undefined;
    organisationId?: number | undefined;
    q?: string | undefined;
  },
) {
  if (query.box !== 'mine' && !can(context.actor, 'rights.read')) throw new AppError(403, 'forbidden');
  const organisationPath = query.organisationId
    ? ((await findOrganisation(deps.db, query.organisationId))?.path ?? null)
    : undefined;
  const { rows, total } = await repo.listCasePage(
    deps.db,
    {
      box: query.box,
      userId: context.actor.userId,
      ...(query.box === 'mine' ? { readPaths: [], visibleIds: [] } : await visibleTo(deps.db, context)),
      stage: query.stage,
      kind: query.kind,
      q: query.q,
      organisationPath,
    },
    query.page,
    query.pageSize,
  );
  return {
    items: rows.map(({ row, organisationName, handlerName }) => listItem(row, organisationName, handlerName)),
    total,
    totalCapped: total >= repo.CAPPED_TOTAL,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---- break-glass ----

/**
 * Time-limited access to a case the cadre cannot otherwise see (a confidential case in their
 * subtree, or one escalated to them), with a reason. The auditors above the case's organisation
 * are told, and every read under it is in the audit trail.
 */
export async function breakGlass(deps: RightsDeps, context: RequestContext, id: number, reason: string) {
  const row = await repo.findCase(deps.db, id);
  const scope = context.actor.grants.get('rights.read') ?? [];
  if (!row || !isWithin(row.organisationPath, scope)) {
    return refuseOutOfScope(deps.db, context, { type: 'rights_case', id, exists: async () => row !== undefined });
  }
  const current = await resolveAccess(deps, context, row);
  if (current && (current.onTeam || current.as.length > 0 || current.breakGlassUntil)) {
    throw new AppError(409, 'rights.break_glass_not_needed');
  }
  const expiresAt = new Date(Date.now() + deps.config.rights.breakGlassHours * 3600_000);
  await deps.db.transaction(async (tx) => {
    await repo.insertBreakGlass(tx, {
      provinceCode: row.provinceCode,
      caseId: row.id,
      userId: context.actor.userId,
      reason,
      expiresAt,
    });
    const auditors = await repo.roleHoldersOver(tx, ['auditor'], row.organisationPath);
    await notify(
      tx,
      row,
      auditors.map((a) => a.userId),
      'break_glass',
    );
    await recordAudit(tx, context, {
      action: 'case.break_glass',
      subjectType: 'rights_case',
      subjectId: row.id,
      organisationId: row.organisationId,
      changes: { reason, expiresAt: expiresAt.toISOString() },
    });
  });
  return { caseId: row.id, expiresAt: expiresAt.toISOString() };
}

// ---- attachments ----

async function storeAttachment(
  deps: RightsDeps,
  row: CaseRow,
  file: { fileName: string; content: Buffer },
  by: { context: RequestContext | null; reporter: boolean },
) {
  if (file.content.length > MAX_DOCUMENT_BYTES) throw new AppError(413, 'rights.attachment_too_large');
  const { mediaType, size, sha256 } = await examineDocument(file.content, 'rights.attachment_type');
  await deps.db.transaction(async (tx) => {
    const stored = await repo.insertAttachment(tx, {
      provinceCode: row.provinceCode,
      caseId: row.id,
      fileName: file.fileName.slice(0, 200),
      mediaType,
      size,
      sha256,
      content: file.content,
      uploadedBy: by.context?.actor.userId ?? null,
      byReporter: by.reporter,
    });
    await recordAudit(tx, by.context, {
      action: 'case.attachment_add',
      subjectType: 'rights_case',
      subjectId: row.id,
      organisationId: row.organisationId,
      changes: { attachmentId: stored.id, sha256, size },
    });
  });
}

export async function attachToCase(
  deps: RightsDeps,
  context: RequestContext,
  id: number,
  file: { fileName: string; content: Buffer },
) {
  const access = await accessFor(deps, context, id);
  if (!access.as.includes('handler') && !access.as.includes('dispatcher')) throw new AppError(403, 'forbidden');
  await storeAttachment(deps, access.row, file, { context, reporter: false });
  return toCaseView(deps, access);
}

export async function attachToMyCase(
  deps: RightsDeps,
  context: RequestContext,
  id: number,
  file: { fileName: string; content: Buffer },
) {
  const row = await myCase(deps, context, id);
  await storeAttachment(deps, row, file, { context, reporter: true });
  return toReporterView(deps, row);
}

export async function attachAnonymously(deps: RightsDeps, code: string, file: { fileName: string; content: Buffer }) {
  const row = await caseByCode(deps, code);
  await storeAttachment(deps, row, file, { context: null, reporter: true });
  return toReporterView(deps, row);
}

/** A file of a case, only through this authorised, audited request. */
export async function readAttachment(deps: RightsDeps, context: RequestContext, id: number, attachmentId: string) {
  const row = await repo.findCase(deps.db, id);
  if (row?.reporterUserId !== context.actor.userId) await accessFor(deps, context, id);
  const file = await repo.findAttachment(deps.db, id, attachmentId);
  if (!file) throw notFound();
  await recordAudit(deps.db, context, {
    action: 'case.attachment_download',
    subjectType: 'rights_case',
    subjectId: id,
    organisationId: row!.organisationId,
    changes: { attachmentId, sha256: file.sha256 },
  });
  return file;
}

// ---- notifications ----

export async function listNotifications(deps: RightsDeps, context: RequestContext) {
  const rows = await repo.notificationsOf(
    deps.db,
    context.actor.userId,
    context.actor.kind === 'member' ? { reporter: true } : await visibleTo(deps.db, context),
  );
  return {
    items: rows.map(({ n, title, visible }) => ({
      id: n.id,
      kind: n.kind as NotificationKind,
      caseId: n.caseId,
      caseTitle: visible ? title : null,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: rows.filter((r) => r.n.readAt === null).length,
  };
}

export async function markNotificationsRead(deps: RightsDeps, context: RequestContext) {
  await repo.markNotificationsRead(deps.db, context.actor.userId);
  return listNotifications(deps, context);
}
