import {
  type CaseActionBody,
  type CaseActor,
  type CaseDetails,
  type CaseKind,
  type CaseStage,
  DETAIL_FIELDS,
  missingFields,
  transitionOf,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, rolesHolding, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import { accessFor, caseByCode, myCase, resolveAccess } from './case-access';
import { type CaseMessageKind, caseNotice, notifyMany } from './case-messages';
import { checkDetails, deadlinesFrom, employerKeyOf, type RightsDeps } from './case-rules';
import { toCaseView, toReporterView } from './case-views';
import type { CaseRow } from './cases.repository';
import * as repo from './cases.repository';
import type { rightsCaseEvents, rightsCases } from './rights.tables';

// Acting on a case: dispatch, take, reply, close, rate; break-glass access.

// ---- acting on a case ----

/** Tells people of a change to a case, through the message centre (in the change's transaction). */
async function notify(
  tx: Executor,
  row: Pick<CaseRow, 'id' | 'organisationId'>,
  userIds: (string | null)[],
  kind: CaseMessageKind,
  to: 'reporter' | 'cadre',
) {
  await notifyMany(tx, [caseNotice(row, userIds, kind, to)]);
}

/** People who may handle cases at an organisation, for the dispatcher to choose from. */
export async function handlerOptions(deps: RightsDeps, context: RequestContext, organisationId: number) {
  const target = await loadInScope(deps.db, context, ORGANISATION, organisationId, 'rights.dispatch');
  const rows = await repo.roleHoldersOver(deps.db, rolesHolding(deps.rolePermissions, 'rights.handle'), target.path, {
    within: scopeOf(context.actor, 'rights.dispatch'),
    limit: 200,
  });
  return { items: rows.map(({ userId, name, organisationName }) => ({ userId, name, organisationName })) };
}

export interface Actor {
  as: readonly CaseActor[];
  userId: string | null;
  context: RequestContext | null;
}

/**
 * Applies one transition of the case type. The case must still be at the version the person saw;
 * two people acting at once: one wins, the other is told the case changed.
 */
export async function applyAction(deps: RightsDeps, row: CaseRow, actor: Actor, body: CaseActionBody) {
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
  const recipients: { users: (string | null)[]; kind: CaseMessageKind; to: 'reporter' | 'cadre' }[] = [];
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
      recipients.push({ users: [body.handlerUserId], kind: 'assigned', to: 'cadre' });
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
      fromReporter
        ? { users: [row.handlerUserId], kind: 'reply', to: 'cadre' }
        : { users: [row.reporterUserId], kind: 'reply', to: 'reporter' },
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
    for (const r of recipients) await notify(tx, updated, r.users, r.kind, r.to);
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
      'cadre',
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
