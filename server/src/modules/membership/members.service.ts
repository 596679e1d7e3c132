import {
  type ListMembersQuery,
  type Member,
  type MemberDetail,
  type MembershipStatistics,
  maskIdNumber,
  maskMobile,
  normaliseCode,
  ON_ROLL_STATUSES,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError, ValidationProblem } from '../../platform/errors';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import * as cardRepo from './cards.repository';
import * as duesRepo from './dues.repository';
import { duesOfWage, isHanQuery, nameSearchFields, queryTokens, toTransfer } from './member-record';
import * as memberRepo from './members.repository';
import * as statsRepo from './statistics.repository';
import * as transferRepo from './transfers.repository';

export type MembershipDeps = Pick<AppDeps, 'db' | 'cipher' | 'config'>;

/** A member as cadres see it: personal data masked (decrypting a page of rows is cheap). */
export function toMember(deps: Pick<MembershipDeps, 'cipher'>, view: memberRepo.MemberView): Member {
  const { member } = view;
  return {
    id: member.id,
    memberNumber: member.memberNumber,
    name: member.name,
    gender: member.gender as Member['gender'],
    birthYear: member.birthYear,
    idNumberMasked: maskIdNumber(deps.cipher.decrypt(member.idNumberEnc)),
    mobileMasked: member.mobileEnc ? maskMobile(deps.cipher.decrypt(member.mobileEnc)) : null,
    organisationId: member.organisationId,
    organisationName: view.organisationName,
    employerId: member.employerId,
    employerName: view.employerName,
    employmentForm: member.employmentForm as Member['employmentForm'],
    platform: member.platform,
    jobType: member.jobType as Member['jobType'],
    status: member.status as Member['status'],
    statusSince: member.statusSince,
    joinedOn: member.joinedOn,
  };
}

export async function scopedOrganisationPath(
  deps: MembershipDeps,
  context: RequestContext,
  organisationId: number | undefined,
  scope: readonly string[],
): Promise<string | undefined> {
  if (!organisationId) return undefined;
  return (await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, organisationId, scope)).path;
}

/** Turns the search box into one exact key or a fuzzy name match. */
export function searchFilter(
  deps: Pick<MembershipDeps, 'cipher'>,
  q: string | undefined,
): Partial<memberRepo.MemberFilter> {
  if (!q) return {};
  const code = normaliseCode(q);
  if (/^\d{17}[\dX]$/.test(code)) return { idNumberHash: deps.cipher.blindIndex(code) };
  const mobile = code.replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(mobile)) return { mobileHash: deps.cipher.blindIndex(mobile) };
  if (/^\d{16}$/.test(code)) return { memberNumber: code };
  if (isHanQuery(q)) return { nameTokens: queryTokens(q), nameLike: q.replace(/\s/g, '') };
  // Pinyin: the full name, a syllable or two, or the initials.
  return { nameTokens: [q.toLowerCase().replace(/\s/g, '')] };
}

export async function memberFilterOf(
  deps: MembershipDeps,
  context: RequestContext,
  query: Omit<ListMembersQuery, 'page' | 'pageSize'>,
  scope: readonly string[],
): Promise<memberRepo.MemberFilter> {
  return {
    scope,
    organisationPath: await scopedOrganisationPath(deps, context, query.organisationId, scope),
    employerId: query.employerId,
    status: query.status,
    employmentForm: query.employmentForm,
    ...searchFilter(deps, query.q),
  };
}

export async function listMembers(deps: MembershipDeps, context: RequestContext, query: ListMembersQuery) {
  const scope = scopeOf(context.actor, 'member.read');
  const filter = await memberFilterOf(deps, context, query, scope);
  const { rows, total, totalIsLowerBound } = await memberRepo.listMembers(deps.db, filter, query.page, query.pageSize);
  return {
    items: rows.map((row) => toMember(deps, row)),
    total,
    totalIsLowerBound,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function memberDetailOf(
  deps: MembershipDeps,
  db: Executor,
  view: memberRepo.MemberView,
): Promise<MemberDetail> {
  const { member } = view;
  const [history, transfers, dues] = await Promise.all([
    memberRepo.listStatusEvents(db, member.id),
    transferRepo.listTransfersOfMember(db, member.id),
    duesRepo.listDuesMonths(db, member.id),
  ]);
  return {
    ...toMember(deps, view),
    residenceRegionCode: member.residenceRegionCode,
    duesMonthlyFen: member.duesMonthlyFen,
    hasDeclaredWage: member.monthlyWageEnc !== null,
    lastParticipationOn: member.lastParticipationOn,
    history: history.map(({ event, organisationName }) => ({
      status: event.status as Member['status'],
      effectiveOn: event.effectiveOn,
      reason: event.reason,
      organisationName,
      actorName: event.actorName,
      createdAt: event.createdAt.toISOString(),
    })),
    transfers: transfers.map(toTransfer),
    dues: dues
      .slice(0, 24)
      .map((d) => ({ month: d.month.slice(0, 7), expectedFen: d.expectedFen, paidFen: d.paidFen })),
    arrearsFen: dues.reduce((sum, d) => sum + Math.max(0, d.expectedFen - d.paidFen), 0),
  };
}

/** A cadre opens a member's record; the view is logged so the member can see who looked. */
export async function getMember(deps: MembershipDeps, context: RequestContext, id: number) {
  const view = await loadInScope(deps.db, context, memberRepo.MEMBER, id, 'member.read');
  await recordAudit(deps.db, context, {
    action: 'member.view',
    subjectType: 'member',
    subjectId: id,
    organisationId: view.member.organisationId,
  });
  return memberDetailOf(deps, deps.db, view);
}

export interface MemberUpdate {
  name?: string | undefined;
  mobile?: string | null | undefined;
  employerId?: number | null | undefined;
  employmentForm?: Member['employmentForm'] | undefined;
  platform?: string | null | undefined;
  jobType?: Member['jobType'] | undefined;
  residenceRegionCode?: string | null | undefined;
  monthlyWageFen?: number | null | undefined;
  lastParticipationOn?: string | null | undefined;
}

export async function updateMember(deps: MembershipDeps, context: RequestContext, id: number, input: MemberUpdate) {
  await loadInScope(deps.db, context, memberRepo.MEMBER, id, 'member.manage');
  await deps.db.transaction(async (tx) => {
    const before = (await memberRepo.lockMember(tx, id))!;
    const values: Partial<memberRepo.NewMember> = {};
    const changes: Record<string, unknown> = {};
    if (input.name !== undefined && input.name !== before.name) {
      Object.assign(values, { name: input.name, ...nameSearchFields(input.name) });
      changes.name = { from: before.name, to: input.name };
    }
    if (input.mobile !== undefined) {
      const mobileHash = input.mobile ? deps.cipher.blindIndex(input.mobile) : null;
      if (mobileHash && (await memberRepo.findMemberByMobileHash(tx, mobileHash))?.id !== id) {
        const holder = await memberRepo.findMemberByMobileHash(tx, mobileHash);
        if (holder) throw new ValidationProblem([{ field: 'mobile', messageKey: 'problem.membership.mobile_taken' }]);
      }
      values.mobileHash = mobileHash;
      values.mobileEnc = input.mobile ? deps.cipher.encrypt(input.mobile) : null;
      changes.mobile = '[changed]';
    }
    if (input.employerId !== undefined) {
      if (input.employerId && !(await memberRepo.findEmployer(tx, input.employerId))) {
        throw new ValidationProblem([{ field: 'employerId', messageKey: 'problem.not_found' }]);
      }
      values.employerId = input.employerId;
      changes.employerId = { from: before.employerId, to: input.employerId };
    }
    for (const field of [
      'employmentForm',
      'platform',
      'jobType',
      'residenceRegionCode',
      'lastParticipationOn',
    ] as const) {
      const value = input[field];
      if (value !== undefined && value !== before[field]) {
        (values as Record<string, unknown>)[field] = value;
        changes[field] = { from: before[field], to: value };
      }
    }
    if (input.monthlyWageFen !== undefined) {
      values.monthlyWageEnc = input.monthlyWageFen === null ? null : deps.cipher.encrypt(String(input.monthlyWageFen));
      values.duesMonthlyFen = duesOfWage(input.monthlyWageFen, deps.config.membership.duesRateBasisPoints);
      changes.monthlyWage = '[changed]';
      changes.duesMonthlyFen = { from: before.duesMonthlyFen, to: values.duesMonthlyFen };
    }
    if (Object.keys(values).length === 0) return;
    await memberRepo.updateMember(tx, id, values);
    await recordAudit(tx, context, {
      action: 'member.update',
      subjectType: 'member',
      subjectId: id,
      organisationId: before.organisationId,
      changes,
    });
  });
  return getMemberWithoutLog(deps, id);
}

async function getMemberWithoutLog(deps: MembershipDeps, id: number) {
  return memberDetailOf(deps, deps.db, (await memberRepo.findMemberView(deps.db, id))!);
}

const ALLOWED_STATUS_CHANGES: Record<string, readonly string[]> = {
  active: ['retained', 'exited', 'expelled', 'deceased'],
  retained: ['active', 'exited', 'expelled', 'deceased'],
  lapsed: ['active', 'exited', 'deceased'],
  transferring: ['deceased'],
  exited: [],
  expelled: [],
  deceased: [],
};

/** A new dated fact about a member's status, with reason and actor; cards stop working on leaving. */
export async function changeMemberStatus(
  deps: MembershipDeps,
  context: RequestContext,
  id: number,
  input: { status: string; effectiveOn: string; reason: string },
) {
  await loadInScope(deps.db, context, memberRepo.MEMBER, id, 'member.manage');
  await deps.db.transaction(async (tx) => {
    const member = (await memberRepo.lockMember(tx, id))!;
    if (!ALLOWED_STATUS_CHANGES[member.status]?.includes(input.status)) {
      throw new AppError(409, 'membership.not_on_roll');
    }
    await memberRepo.updateMember(tx, id, { status: input.status, statusSince: input.effectiveOn });
    await memberRepo.insertStatusEvent(tx, {
      memberId: id,
      provinceCode: member.provinceCode,
      organisationId: member.organisationId,
      status: input.status,
      effectiveOn: input.effectiveOn,
      reason: input.reason,
      actorUserId: context.actor.userId,
      actorName: context.actor.displayName,
    });
    if (!ON_ROLL_STATUSES.includes(input.status as Member['status'])) {
      await cardRepo.revokeCardsOfMember(tx, id, `status:${input.status}`);
    }
    await recordAudit(tx, context, {
      action: 'member.status',
      subjectType: 'member',
      subjectId: id,
      organisationId: member.organisationId,
      changes: { status: { from: member.status, to: input.status }, reason: input.reason },
    });
  });
  return getMemberWithoutLog(deps, id);
}

const REVEALABLE = { idNumber: 'idNumberEnc', mobile: 'mobileEnc', monthlyWage: 'monthlyWageEnc' } as const;

export async function revealMemberField(
  deps: MembershipDeps,
  context: RequestContext,
  id: number,
  input: { field: keyof typeof REVEALABLE; reason: string },
) {
  const view = await loadInScope(deps.db, context, memberRepo.MEMBER, id, 'pii.reveal');
  const encrypted = view.member[REVEALABLE[input.field]];
  await recordAudit(deps.db, context, {
    action: 'pii.reveal',
    subjectType: 'member',
    subjectId: id,
    organisationId: view.member.organisationId,
    changes: { field: input.field, reason: input.reason },
  });
  return { value: encrypted ? deps.cipher.decrypt(encrypted) : '' };
}

/** First month of the lapse window: `lapseMonths` whole months before the month of `asOf`. */
export function lapseWindowStart(asOf: string, lapseMonths: number): string {
  const [year, month] = asOf.split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(year, month - 1 - lapseMonths, 1));
  return start.toISOString().slice(0, 10);
}

export async function previewLapse(
  deps: MembershipDeps,
  context: RequestContext,
  input: { organisationId: number; asOf?: string | undefined },
) {
  const scope = scopeOf(context.actor, 'member.manage');
  const path = (await scopedOrganisationPath(deps, context, input.organisationId, scope))!;
  const asOf = input.asOf ?? todayInChina();
  const windowStart = lapseWindowStart(asOf, deps.config.membership.lapseMonths);
  const { sample, total } = await memberRepo.previewLapse(deps.db, [path], windowStart);
  return {
    asOf,
    sinceMonth: windowStart.slice(0, 7),
    count: total,
    sample: sample.map((row) => toMember(deps, row)),
  };
}

/**
 * The lapse rule: active members with no dues paid and no participation in the last
 * `lapseMonths` months become lapsed. Run by a cadre after the preview, or by the daily job
 * with no actor.
 */
export async function runLapse(
  deps: MembershipDeps,
  context: RequestContext | null,
  input: { organisationId: number; asOf?: string | undefined },
) {
  let scope: string[];
  if (context) {
    const allowed = scopeOf(context.actor, 'member.manage');
    scope = [(await scopedOrganisationPath(deps, context, input.organisationId, allowed))!];
  } else {
    const organisation = await findOrganisation(deps.db, input.organisationId);
    scope = organisation ? [organisation.path] : [];
  }
  const asOf = input.asOf ?? todayInChina();
  const windowStart = lapseWindowStart(asOf, deps.config.membership.lapseMonths);
  return deps.db.transaction(async (tx) => {
    const lapsed = await memberRepo.applyLapse(tx, scope, windowStart, {
      effectiveOn: asOf,
      reason: `lapse:${deps.config.membership.lapseMonths}`,
      actorUserId: context?.actor.userId ?? null,
      actorName: context?.actor.displayName ?? null,
    });
    await recordAudit(tx, context, {
      action: 'member.lapse_run',
      subjectType: 'organisation',
      subjectId: input.organisationId,
      organisationId: input.organisationId,
      changes: { asOf, sinceMonth: windowStart.slice(0, 7), lapsed: lapsed.length },
    });
    return { lapsed: lapsed.length };
  });
}

function ageBand(age: number): string {
  if (age < 25) return '<25';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 55) return '45-54';
  return '55+';
}

function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) =>
    new Date(Date.UTC(year, month - count + i, 1)).toISOString().slice(0, 7),
  );
}

/** Statistics of any subtree, read from the maintained tallies (one index range) plus employers. */
export async function getStatistics(
  deps: MembershipDeps,
  context: RequestContext,
  query: { organisationId?: number | undefined },
): Promise<MembershipStatistics> {
  const scope = scopeOf(context.actor, 'membership.statistics');
  const organisationId =
    query.organisationId ?? context.actor.roles.find((r) => scope.includes(r.organisationPath))?.organisationId;
  if (!organisationId) throw new AppError(403, 'forbidden');
  const organisation = await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, organisationId, scope);
  const [tallies, coverage] = await Promise.all([
    statsRepo.readTallies(deps.db, organisationId),
    statsRepo.employerCoverage(deps.db, organisation.path),
  ]);
  const of = (dimension: string) => tallies.filter((t) => t.dimension === dimension);
  const counts = (dimension: string) =>
    of(dimension)
      .map((t) => ({ key: t.value, count: t.count }))
      .sort((a, b) => a.key.localeCompare(b.key));
  const today = todayInChina();
  const thisYear = Number(today.slice(0, 4));
  const bands = new Map<string, number>();
  for (const t of of('birth_year')) {
    const band = ageBand(thisYear - Number(t.value));
    bands.set(band, (bands.get(band) ?? 0) + t.count);
  }
  const months = lastMonths(today, 12);
  const monthly = (dimension: string) => {
    const byMonth = new Map(of(dimension).map((t) => [t.value, t.count]));
    return months.map((key) => ({ key, count: byMonth.get(key) ?? 0 }));
  };
  const byStatus = counts('status');
  const onRoll = byStatus
    .filter((s) => ON_ROLL_STATUSES.includes(s.key as Member['status']))
    .reduce((n, s) => n + s.count, 0);
  const byForm = counts('form');
  return {
    organisationId,
    organisationName: organisation.name,
    onRoll,
    byStatus,
    byEmploymentForm: byForm,
    byGender: counts('gender'),
    byAgeBand: ['<25', '25-34', '35-44', '45-54', '55+'].map((key) => ({ key, count: bands.get(key) ?? 0 })),
    newMembersByMonth: monthly('joined_month'),
    gigRecruitedByMonth: monthly('gig_joined_month'),
    gigOnRoll: byForm.find((f) => f.key === 'gig')?.count ?? 0,
    employers: coverage.employers,
    unionisedEmployers: coverage.unionised,
    employees: coverage.employees,
    employerCoverage: coverage.employers > 0 ? coverage.unionised / coverage.employers : null,
    memberCoverage: coverage.employees > 0 ? onRoll / coverage.employees : null,
  };
}

/** Pickers for members: names only, never personal data. */
export function searchUnions(deps: MembershipDeps, q: string) {
  return statsRepo.searchUnions(deps.db, q);
}

export function searchEmployers(deps: MembershipDeps, q: string) {
  return statsRepo.searchEmployers(deps.db, q);
}
