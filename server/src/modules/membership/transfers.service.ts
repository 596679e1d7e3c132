import type { AuditAction } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import * as cardRepo from './cards.repository';
import { toTransfer } from './member-record';
import * as memberRepo from './members.repository';
import type { MembershipDeps } from './members.service';
import * as transferRepo from './transfers.repository';

async function setMemberStatus(
  tx: Executor,
  context: RequestContext,
  member: { id: number; provinceCode: string; organisationId: number },
  status: string,
  reason: string,
) {
  const today = todayInChina();
  await memberRepo.updateMember(tx, member.id, { status, statusSince: today });
  await memberRepo.insertStatusEvent(tx, {
    memberId: member.id,
    provinceCode: member.provinceCode,
    organisationId: member.organisationId,
    status,
    effectiveOn: today,
    reason,
    actorUserId: context.actor.userId,
    actorName: context.actor.displayName,
  });
}

/**
 * A transfer follows the job: asked for by the member (no memberId) or by a cadre whose subtree
 * holds the member. The member is "transferring" until the target accepts.
 */
export async function requestTransfer(
  deps: MembershipDeps,
  context: RequestContext,
  input: {
    memberId?: number | undefined;
    toOrganisationId: number;
    newEmployerId?: number | null | undefined;
    reason: string;
  },
) {
  let memberId: number;
  if (input.memberId === undefined) {
    const own = await memberRepo.findMemberByUser(deps.db, context.actor.userId);
    if (!own) throw new AppError(404, 'membership.not_a_member');
    memberId = own.member.id;
  } else {
    // A cadre moves only members of their own subtree, whatever the target: a target union's cadre
    // cannot pull a member they cannot see (the member asks, or the source union does).
    memberId = input.memberId;
    await loadInScope(deps.db, context, memberRepo.MEMBER, memberId, 'member.manage');
  }
  const target = await memberRepo.findUnion(deps.db, input.toOrganisationId);
  if (!target) {
    throw new ValidationProblem([{ field: 'toOrganisationId', messageKey: 'problem.membership.not_a_union' }]);
  }
  const newEmployer = input.newEmployerId ? await memberRepo.findEmployer(deps.db, input.newEmployerId) : null;
  if (input.newEmployerId && !newEmployer) {
    throw new ValidationProblem([{ field: 'newEmployerId', messageKey: 'problem.not_found' }]);
  }
  const id = await deps.db.transaction(async (tx) => {
    const member = (await memberRepo.lockMember(tx, memberId))!;
    if (member.status !== 'active') throw new AppError(409, 'membership.not_on_roll');
    if (member.organisationId === target.id) throw new AppError(409, 'membership.transfer_same');
    // The transfer is filed in the member's province, so a new employer must be there too; after a
    // move to another province the target union records the employer on the new record.
    const crossesProvinces = (await provinceOfOrganisation(tx, target.id)) !== member.provinceCode;
    if (newEmployer && (crossesProvinces || newEmployer.provinceCode !== member.provinceCode)) {
      throw new ValidationProblem([{ field: 'newEmployerId', messageKey: 'problem.other_province' }]);
    }
    const transfer = await transferRepo.insertTransfer(tx, {
      memberId,
      provinceCode: member.provinceCode,
      fromOrganisationId: member.organisationId,
      toOrganisationId: target.id,
      newEmployerId: input.newEmployerId ?? null,
      reason: input.reason,
      requestedBy: context.actor.userId,
    });
    await setMemberStatus(tx, context, member, 'transferring', `transfer:${transfer.id}`);
    await recordAudit(tx, context, {
      action: 'member.transfer_request',
      subjectType: 'member',
      subjectId: memberId,
      organisationId: member.organisationId,
      changes: { transfer: transfer.id, to: target.id, reason: input.reason },
    });
    return transfer.id;
  });
  return toTransfer((await transferRepo.findTransfer(deps.db, id))!);
}

type Side = 'source' | 'target' | 'either' | 'member';

/** Loads a transfer the actor may act on from the given side, else answers 404. */
async function transferForActor(deps: MembershipDeps, context: RequestContext, id: number, side: Side) {
  const view = await transferRepo.findTransfer(deps.db, id);
  if (view && side === 'member') {
    const own = await memberRepo.findMemberByUser(deps.db, context.actor.userId);
    if (own?.member.id === view.transfer.memberId) return view;
  } else if (view) {
    const scope = context.actor.grants.get('member.manage') ?? [];
    const atSource = isWithin(view.fromPath, scope);
    const atTarget = isWithin(view.toPath, scope);
    if (
      (side === 'source' && atSource) ||
      (side === 'target' && atTarget) ||
      (side === 'either' && (atSource || atTarget))
    ) {
      return view;
    }
  }
  return refuseOutOfScope(deps.db, context, { type: 'member_transfer', id, exists: async () => view !== null });
}

async function advance(
  deps: MembershipDeps,
  context: RequestContext,
  id: number,
  side: Side,
  from: readonly string[],
  apply: (
    tx: Executor,
    transfer: NonNullable<Awaited<ReturnType<typeof transferRepo.lockTransfer>>>,
  ) => Promise<AuditAction>,
) {
  await transferForActor(deps, context, id, side);
  await deps.db.transaction(async (tx) => {
    const transfer = (await transferRepo.lockTransfer(tx, id))!;
    if (!from.includes(transfer.status)) throw new AppError(409, 'membership.transfer_state');
    const action = await apply(tx, transfer);
    await recordAudit(tx, context, {
      action,
      subjectType: 'member',
      subjectId: transfer.memberId,
      organisationId: transfer.fromOrganisationId,
      changes: { transfer: id },
    });
  });
  return toTransfer((await transferRepo.findTransfer(deps.db, id))!);
}

/** The member's union lets them go. */
export function releaseTransfer(deps: MembershipDeps, context: RequestContext, id: number) {
  return advance(deps, context, id, 'source', ['requested'], async (tx) => {
    await transferRepo.updateTransfer(tx, id, { status: 'released', releasedBy: context.actor.userId });
    return 'member.transfer_release';
  });
}

/**
 * The target union takes the member in; "member since" and the member number are kept. Within a
 * province the record moves to the new union. Rows never move between provinces (the province is
 * their distribution key), so a move to another province closes the record here as transferred
 * and opens a copy there, and the person registry follows, all in this transaction (two-phase
 * commit across the two shards under Citus).
 */
export function acceptTransfer(deps: MembershipDeps, context: RequestContext, id: number) {
  return advance(deps, context, id, 'target', ['released'], async (tx, transfer) => {
    const member = (await memberRepo.lockMember(tx, transfer.memberId))!;
    if ((await provinceOfOrganisation(tx, transfer.toOrganisationId)) !== member.provinceCode) {
      await moveToProvince(tx, context, member, transfer);
      return 'member.transfer_accept';
    }
    await memberRepo.updateMember(tx, member.id, {
      organisationId: transfer.toOrganisationId,
      ...(transfer.newEmployerId ? { employerId: transfer.newEmployerId } : {}),
    });
    await setMemberStatus(
      tx,
      context,
      { id: member.id, provinceCode: member.provinceCode, organisationId: transfer.toOrganisationId },
      'active',
      `transfer:${id}`,
    );
    if (member.userId)
      await memberRepo.moveMemberRole(tx, member.userId, transfer.fromOrganisationId, transfer.toOrganisationId);
    await transferRepo.updateTransfer(tx, id, { status: 'completed', completedBy: context.actor.userId });
    return 'member.transfer_accept';
  });
}

async function moveToProvince(
  tx: Executor,
  context: RequestContext,
  member: memberRepo.MemberRow,
  transfer: { id: number; fromOrganisationId: number; toOrganisationId: number },
) {
  const reason = `transfer:${transfer.id}`;
  await memberRepo.updateMember(tx, member.id, { userId: null });
  await setMemberStatus(tx, context, member, 'exited', reason);
  await cardRepo.revokeCardsOfMember(tx, member.id, reason);
  const {
    id: _id,
    provinceCode: _p,
    memberNumber,
    organisationPath: _path,
    createdAt: _c,
    updatedAt: _u,
    ...kept
  } = member;
  const moved = await memberRepo.insertMember(
    tx,
    { ...kept, organisationId: transfer.toOrganisationId, employerId: null, status: 'active' },
    { replacing: member, memberNumber },
  );
  await setMemberStatus(tx, context, moved, 'active', reason);
  if (member.userId) {
    await memberRepo.moveMemberRole(tx, member.userId, transfer.fromOrganisationId, transfer.toOrganisationId);
  }
  await transferRepo.updateTransfer(tx, transfer.id, { status: 'completed', completedBy: context.actor.userId });
}

/** Either union turns the transfer down with a reason; the member stays where they were. */
export function rejectTransfer(deps: MembershipDeps, context: RequestContext, id: number, reason: string) {
  return advance(deps, context, id, 'either', ['requested', 'released'], async (tx, transfer) => {
    const member = (await memberRepo.lockMember(tx, transfer.memberId))!;
    await setMemberStatus(tx, context, member, 'active', `transfer_rejected:${id}`);
    await transferRepo.updateTransfer(tx, id, { status: 'rejected', rejectedReason: reason });
    return 'member.transfer_reject';
  });
}

export function cancelMyTransfer(deps: MembershipDeps, context: RequestContext, id: number) {
  return advance(deps, context, id, 'member', ['requested'], async (tx, transfer) => {
    const member = (await memberRepo.lockMember(tx, transfer.memberId))!;
    await setMemberStatus(tx, context, member, 'active', `transfer_cancelled:${id}`);
    await transferRepo.updateTransfer(tx, id, { status: 'cancelled' });
    return 'member.transfer_cancel';
  });
}

export async function listTransfers(
  deps: MembershipDeps,
  context: RequestContext,
  query: {
    status?: string | undefined;
    direction?: 'incoming' | 'outgoing' | undefined;
    page: number;
    pageSize: number;
  },
) {
  const scope = scopeOf(context.actor, 'member.read');
  const { rows, total } = await transferRepo.listTransfers(
    deps.db,
    {
      scope,
      ...(query.status ? { status: query.status } : {}),
      ...(query.direction ? { direction: query.direction } : {}),
    },
    query.page,
    query.pageSize,
  );
  return { items: rows.map(toTransfer), total, page: query.page, pageSize: query.pageSize };
}
