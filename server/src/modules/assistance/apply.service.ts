import { type ApplicationBody, amountLimit, type DocumentKind, formatYuan } from '@gonghui/contract';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { refuseOutOfScope } from '../../platform/audit';
import { AppError, notFound, ValidationProblem } from '../../platform/errors';
import { loadInScope } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import {
  ACTIVE_STAGES,
  addEvent,
  assess,
  checkDetails,
  limitFor,
  type MemberRow,
  memberOfUser,
  myApplication,
  needClaimed,
  windowClosed,
  windowOpen,
} from './application-rules';
import { toView } from './application-views';
import type { ApplicationRow } from './applications.repository';
import * as repo from './applications.repository';
import { APPLICATION } from './applications.repository';
import { findProgramme } from './programmes.repository';
import { programmesFor } from './programmes.service';
import { type AssistanceDeps, readOwnedDocument, storeDocument } from './shared';

// Applying: what a member may apply for, the application itself (by the member or a cadre for
// them), and the documents that go with it.

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
  return deps.db.transaction(async (tx) => {
    const inserted = await repo.insertApplication(tx, {
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
    });
    await addEvent(tx, inserted, context, 'create', { stage: 'draft', amountFen: inserted.requestedFen });
    return inserted;
  });
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
  const member = await repo.memberById(deps.db, body.memberId);
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
  const row = await loadInScope(deps.db, context, APPLICATION, id, 'assistance.manage');
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
  const row = mine
    ? await myApplication(deps, context, id)
    : await loadInScope(deps.db, context, APPLICATION, id, 'assistance.read');
  // Every read is audited, the applicant's own included.
  return readOwnedDocument(deps.db, context, { ...row, of: 'application' }, documentId);
}
