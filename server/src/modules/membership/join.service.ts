import {
  type AuditAction,
  type JoinApplication,
  type JoinApplicationBody,
  maskIdNumber,
  maskMobile,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { calendarOverrides } from '../../platform/calendar.repository';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import { addWorkingDays, todayInChina } from '../../platform/working-days';
import { takeRateSlot } from '../accounts';
import * as joinRepo from './join.repository';
import { duesOfWage, personFields } from './member-record';
import * as memberRepo from './members.repository';
import type { MembershipDeps } from './members.service';
import { scopedOrganisationPath } from './members.service';

function toApplication(deps: Pick<MembershipDeps, 'cipher'>, view: joinRepo.ApplicationView): JoinApplication {
  const { application: a } = view;
  return {
    id: a.id,
    status: a.status as JoinApplication['status'],
    organisationId: a.organisationId,
    organisationName: view.organisationName,
    routedBy: a.routedBy as JoinApplication['routedBy'],
    name: a.name,
    idNumberMasked: maskIdNumber(deps.cipher.decrypt(a.idNumberEnc)),
    mobileMasked: maskMobile(deps.cipher.decrypt(a.mobileEnc)),
    employerId: a.employerId,
    employerName: view.registeredEmployerName ?? a.employerName,
    employmentForm: a.employmentForm as JoinApplication['employmentForm'],
    platform: a.platform,
    jobType: a.jobType as JoinApplication['jobType'],
    residenceRegionCode: a.residenceRegionCode,
    submittedAt: a.submittedAt.toISOString(),
    dueOn: a.dueOn,
    isOverdue: a.status === 'submitted' && a.dueOn < todayInChina(),
    decidedAt: a.decidedAt?.toISOString() ?? null,
    decisionReason: a.decisionReason,
    memberNumber: view.memberNumber,
  };
}

// ---- invites ----

/** An invite code names a union and carries a keyed check, so codes cannot be guessed or altered. */
export function inviteCodeOf(deps: Pick<MembershipDeps, 'cipher'>, organisationId: number): string {
  const check = deps.cipher.blindIndex(`join-invite:${organisationId}`).subarray(0, 9).toString('base64url');
  return `${organisationId}-${check}`;
}

async function resolveInviteCode(deps: MembershipDeps, db: Executor, code: string) {
  const id = Number(code.split('-')[0]);
  if (!Number.isInteger(id) || id <= 0 || inviteCodeOf(deps, id) !== code) return null;
  return memberRepo.findUnion(db, id);
}

export async function getInvite(deps: MembershipDeps, context: RequestContext, organisationId: number) {
  const scope = scopeOf(context.actor, 'member.manage');
  await scopedOrganisationPath(deps, context, organisationId, scope);
  const union = await memberRepo.findUnion(deps.db, organisationId);
  if (!union) throw new AppError(422, 'membership.not_a_union');
  const code = inviteCodeOf(deps, organisationId);
  return { organisationId, organisationName: union.name, code, path: `/join?invite=${encodeURIComponent(code)}` };
}

export async function lookUpInvite(deps: MembershipDeps, code: string) {
  const union = await resolveInviteCode(deps, deps.db, code);
  if (!union) throw new AppError(404, 'membership.invite_invalid');
  return { organisationId: union.id, organisationName: union.name, code, path: `/join?invite=${code}` };
}

// ---- applying ----

/** Where an application goes: the invite's union, the employer's union, else the city's holding union. */
async function routeOf(
  deps: MembershipDeps,
  db: Executor,
  input: JoinApplicationBody,
  employer: Awaited<ReturnType<typeof memberRepo.findEmployer>>,
) {
  if (input.invite) {
    const union = await resolveInviteCode(deps, db, input.invite);
    if (!union) throw new ValidationProblem([{ field: 'invite', messageKey: 'problem.membership.invite_invalid' }]);
    return { organisationId: union.id, routedBy: 'invite' as const };
  }
  if (employer?.coveringUnionId && (await memberRepo.findUnion(db, employer.coveringUnionId))) {
    return { organisationId: employer.coveringUnionId, routedBy: 'employer' as const };
  }
  const holding = await memberRepo.findHoldingUnionForRegion(db, input.residenceRegionCode);
  if (!holding) {
    throw new ValidationProblem([{ field: 'residenceRegionCode', messageKey: 'problem.membership.no_holding_union' }]);
  }
  return { organisationId: holding.id, routedBy: 'holding_union' as const };
}

/**
 * One person, one membership: refuses a person who is a member, or a mobile held by someone else.
 * The answer never names the union: whoever types an ID number learns only that it is registered.
 */
async function checkPersonIsFree(db: Executor, idNumberHash: Buffer, mobileHash: Buffer | null) {
  const existing = await memberRepo.findMemberByIdHash(db, idNumberHash);
  if (existing && existing.status !== 'exited') throw new AppError(409, 'membership.already_member');
  if (mobileHash) {
    const holder = await memberRepo.findMemberByMobileHash(db, mobileHash);
    if (holder && !holder.idNumberHash.equals(idNumberHash)) {
      throw new ValidationProblem([{ field: 'mobile', messageKey: 'problem.membership.mobile_taken' }]);
    }
  }
  return existing;
}

export async function replyDueOn(db: Executor, replyWorkingDays: number, from = todayInChina()) {
  return addWorkingDays(from, replyWorkingDays, await calendarOverrides(db));
}

/**
 * A worker applies to join. The same form sent twice (same client key) is one application;
 * nobody at the employer is told.
 */
export async function submitApplication(deps: MembershipDeps, context: RequestContext, input: JoinApplicationBody) {
  const userId = context.actor.userId;
  const previous = await joinRepo.findApplicationByClientKey(deps.db, userId, input.clientKey);
  if (previous) return getMyApplication(deps, context, previous.id);
  // Each answer tells whether an ID number is registered: counted per account and per address
  // before the person is looked up, so trying numbers costs the same whatever they are.
  const limits = deps.config.membership.joinPerHour;
  for (const [key, perHour] of [
    [`join:account:${userId}`, limits.account],
    [`join:ip:${context.ip}`, limits.ip],
  ] as const) {
    if (!(await takeRateSlot(deps.db, deps.cipher.blindIndex(key), { minSeconds: 0, perHour }))) {
      throw new AppError(429, 'rate_limited');
    }
  }
  const person = personFields(deps.cipher, input);
  const id = await deps.db.transaction(async (tx) => {
    await checkPersonIsFree(tx, person.idNumberHash, person.mobileHash);
    const employer = input.employerId ? await memberRepo.findEmployer(tx, input.employerId) : null;
    if (input.employerId && !employer) {
      throw new ValidationProblem([{ field: 'employerId', messageKey: 'problem.not_found' }]);
    }
    const route = await routeOf(deps, tx, input, employer);
    const provinceCode = await provinceOfOrganisation(tx, route.organisationId);
    // An employer is linked only within the application's province (an invite may lead elsewhere);
    // otherwise its name is kept as text for the cadre.
    const employerId = employer?.provinceCode === provinceCode ? employer.id : null;
    const inserted = await joinRepo.insertApplication(tx, {
      applicantUserId: userId,
      provinceCode,
      organisationId: route.organisationId,
      routedBy: route.routedBy,
      name: input.name,
      idNumberEnc: person.idNumberEnc,
      idNumberHash: person.idNumberHash,
      mobileEnc: person.mobileEnc!,
      mobileHash: person.mobileHash!,
      employerId,
      employerName: employerId ? null : (employer?.name ?? input.employerName ?? null),
      employmentForm: input.employmentForm,
      platform: input.platform ?? null,
      jobType: input.jobType ?? null,
      residenceRegionCode: input.residenceRegionCode,
      monthlyWageEnc: person.monthlyWageEnc,
      dueOn: await replyDueOn(tx, deps.config.membership.replyWorkingDays),
      clientKey: input.clientKey,
    });
    if (!inserted) {
      // A concurrent copy of this form won, or the person already has an open application.
      const raced = await joinRepo.findApplicationByClientKey(tx, userId, input.clientKey);
      if (raced) return raced.id;
      throw new AppError(409, 'membership.application_open');
    }
    await recordAudit(tx, context, {
      action: 'membership.apply',
      subjectType: 'join_application',
      subjectId: inserted.id,
      organisationId: inserted.organisationId,
      changes: { routedBy: route.routedBy, employmentForm: input.employmentForm },
    });
    return inserted.id;
  });
  return getMyApplication(deps, context, id);
}

export async function getMyApplication(deps: MembershipDeps, context: RequestContext, id: string) {
  const view = await joinRepo.findApplication(deps.db, id);
  if (!view || view.application.applicantUserId !== context.actor.userId) throw new AppError(404, 'not_found');
  return toApplication(deps, view);
}

export async function listMyApplications(deps: MembershipDeps, context: RequestContext) {
  const rows = await joinRepo.listApplicationsOfUser(deps.db, context.actor.userId);
  return rows.map((row) => toApplication(deps, row));
}

export async function withdrawMyApplication(deps: MembershipDeps, context: RequestContext, id: string) {
  await deps.db.transaction(async (tx) => {
    const application = await joinRepo.lockApplication(tx, id);
    if (!application || application.applicantUserId !== context.actor.userId) throw new AppError(404, 'not_found');
    if (application.status !== 'submitted') throw new AppError(409, 'membership.application_not_open');
    await joinRepo.updateApplication(tx, id, { status: 'withdrawn', decidedAt: new Date() });
    await recordAudit(tx, context, {
      action: 'membership.withdraw',
      subjectType: 'join_application',
      subjectId: id,
      organisationId: application.organisationId,
    });
  });
  return getMyApplication(deps, context, id);
}

// ---- reviewing ----

export async function listApplications(
  deps: MembershipDeps,
  context: RequestContext,
  query: {
    status?: string | undefined;
    organisationId?: number | undefined;
    overdue?: boolean | undefined;
    page: number;
    pageSize: number;
  },
) {
  const scope = scopeOf(context.actor, 'member.read');
  const organisationPath = await scopedOrganisationPath(deps, context, query.organisationId, scope);
  const { rows, total } = await joinRepo.listApplications(
    deps.db,
    {
      scope,
      ...(organisationPath ? { organisationPath } : {}),
      ...(query.status ? { status: query.status } : {}),
      ...(query.overdue ? { overdueOn: todayInChina() } : {}),
    },
    query.page,
    query.pageSize,
  );
  return { items: rows.map((row) => toApplication(deps, row)), total, page: query.page, pageSize: query.pageSize };
}

export async function getApplication(deps: MembershipDeps, context: RequestContext, id: string) {
  const view = await loadInScope(deps.db, context, joinRepo.JOIN_APPLICATION, id, 'member.read');
  return toApplication(deps, view);
}

/**
 * Approves one application: a member number, the member record with its first status fact, a
 * card. Each runs in its own transaction so a batch approves what it can and says why not the rest.
 */
async function approveOne(deps: MembershipDeps, context: RequestContext, id: string, scope: readonly string[]) {
  return deps.db.transaction(async (tx) => {
    if (!(await joinRepo.findApplicationInScope(tx, id, scope))) throw new AppError(404, 'not_found');
    const application = (await joinRepo.lockApplication(tx, id))!;
    if (application.status !== 'submitted') throw new AppError(409, 'membership.application_not_open');
    const existing = await checkPersonIsFree(tx, application.idNumberHash, application.mobileHash);
    const linked = await memberRepo.findMemberByUser(tx, application.applicantUserId);
    if (linked && linked.member.id !== existing?.id) {
      throw new AppError(409, 'membership.already_member');
    }
    const today = todayInChina();
    const monthlyWageFen = application.monthlyWageEnc ? Number(deps.cipher.decrypt(application.monthlyWageEnc)) : null;
    const fields = {
      userId: application.applicantUserId,
      organisationId: application.organisationId,
      name: application.name,
      mobileEnc: application.mobileEnc,
      mobileHash: application.mobileHash,
      employerId: application.employerId,
      employmentForm: application.employmentForm,
      platform: application.platform,
      jobType: application.jobType,
      residenceRegionCode: application.residenceRegionCode,
      monthlyWageEnc: application.monthlyWageEnc,
      duesMonthlyFen: duesOfWage(monthlyWageFen, deps.config.membership.duesRateBasisPoints),
      status: 'active',
      statusSince: today,
      joinedOn: today,
    };
    const person = personFields(deps.cipher, {
      name: application.name,
      idNumber: deps.cipher.decrypt(application.idNumberEnc),
    });
    // A former member rejoins on their old row in the same province; in another province they get a
    // new row there (rows do not move between provinces) and the old one keeps the history.
    const sameProvince = existing?.provinceCode === application.provinceCode;
    if (existing && !sameProvince) await memberRepo.updateMember(tx, existing.id, { userId: null });
    const member =
      existing && sameProvince
        ? await memberRepo.updateMember(tx, existing.id, {
            ...fields,
            ...person,
            mobileEnc: fields.mobileEnc,
            mobileHash: fields.mobileHash,
            monthlyWageEnc: fields.monthlyWageEnc,
          })
        : await memberRepo.insertMember(
            tx,
            { ...person, ...fields, source: 'application' },
            existing ? { replacing: existing } : {},
          );
    await memberRepo.grantMemberRole(tx, application.applicantUserId, member.organisationId);
    await memberRepo.insertStatusEvent(tx, {
      memberId: member.id,
      provinceCode: member.provinceCode,
      organisationId: member.organisationId,
      status: 'active',
      effectiveOn: today,
      reason: existing ? 'rejoin' : 'join',
      actorUserId: context.actor.userId,
      actorName: context.actor.displayName,
    });
    await joinRepo.updateApplication(tx, id, {
      status: 'approved',
      decidedAt: new Date(),
      decidedBy: context.actor.userId,
      memberId: member.id,
    });
    await recordAudit(tx, context, {
      action: 'membership.approve',
      subjectType: 'member',
      subjectId: member.id,
      organisationId: member.organisationId,
      changes: { application: id, memberNumber: member.memberNumber },
    });
    return member.memberNumber;
  });
}

export async function approveApplications(deps: MembershipDeps, context: RequestContext, ids: string[]) {
  const scope = scopeOf(context.actor, 'member.manage');
  const approved: { id: string; memberNumber: string }[] = [];
  const failed: { id: string; code: string; params: Record<string, string | number> }[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      approved.push({ id, memberNumber: await approveOne(deps, context, id, scope) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // Refused as loadInScope refuses: audited when the application exists outside scope.
      if (error.status === 404) {
        await loadInScope(deps.db, context, joinRepo.JOIN_APPLICATION, id, 'member.manage').catch(() => undefined);
      }
      failed.push({ id, code: error.code, params: error.params });
    }
  }
  return { approved, failed };
}

async function decide(
  deps: MembershipDeps,
  context: RequestContext,
  id: string,
  change: (
    tx: Executor,
    application: joinRepo.ApplicationRow,
  ) => Promise<{ action: AuditAction; changes: Record<string, unknown> }>,
) {
  await loadInScope(deps.db, context, joinRepo.JOIN_APPLICATION, id, 'member.manage');
  await deps.db.transaction(async (tx) => {
    const application = (await joinRepo.lockApplication(tx, id))!;
    if (application.status !== 'submitted') throw new AppError(409, 'membership.application_not_open');
    const { action, changes } = await change(tx, application);
    await recordAudit(tx, context, {
      action,
      subjectType: 'join_application',
      subjectId: id,
      organisationId: application.organisationId,
      changes,
    });
  });
  return toApplication(deps, (await joinRepo.findApplication(deps.db, id))!);
}

/** Rejects with a reason the worker sees; they may apply again. */
export function rejectApplication(deps: MembershipDeps, context: RequestContext, id: string, reason: string) {
  return decide(deps, context, id, async (tx) => {
    await joinRepo.updateApplication(tx, id, {
      status: 'rejected',
      decidedAt: new Date(),
      decidedBy: context.actor.userId,
      decisionReason: reason,
    });
    return { action: 'membership.reject', changes: { reason } };
  });
}

/** Sends the application to another union, which then owns the queue entry; the due date stays. */
export function routeApplication(
  deps: MembershipDeps,
  context: RequestContext,
  id: string,
  input: { organisationId: number; reason: string },
) {
  return decide(deps, context, id, async (tx, application) => {
    const target = await memberRepo.findUnion(tx, input.organisationId);
    if (!target)
      throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.membership.not_a_union' }]);
    if ((await provinceOfOrganisation(tx, target.id)) !== application.provinceCode) {
      throw new ValidationProblem([{ field: 'organisationId', messageKey: 'problem.other_province' }]);
    }
    await joinRepo.updateApplication(tx, id, { organisationId: target.id, routedBy: 'cadre' });
    return {
      action: 'membership.route',
      changes: { organisationId: { from: application.organisationId, to: target.id }, reason: input.reason },
    };
  });
}
