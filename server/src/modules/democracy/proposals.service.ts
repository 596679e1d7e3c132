import type { Proposal } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import * as repo from './congress.repository';
import { type DemocracyDeps, sessionForReader } from './congress.service';
import type { ProposalRow } from './proposals.repository';
import * as proposals from './proposals.repository';

/*
 * A proposal (提案): a delegate drafts it and invites co-signers; with enough signatures it is
 * submitted; the proposal committee (cadres who manage the session) accepts it (立案, numbered) or
 * converts it to an opinion; an accepted proposal is assigned to a handling department, whose
 * reply is recorded; the proposer rates the reply and the proposal is closed into the archive.
 * Every delegate of the session follows every submitted proposal.
 */

async function toProposals(db: Executor, rows: ProposalRow[]): Promise<Proposal[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [nameOf, cosigners] = await Promise.all([
    proposals.delegateNames(
      db,
      rows.map((r) => r.proposerDelegateId),
    ),
    proposals.cosignersOf(db, ids),
  ]);
  return rows.map((p) => ({
    id: p.id,
    sessionId: p.sessionId,
    number: p.number,
    title: p.title,
    body: p.body,
    status: p.status as Proposal['status'],
    proposerDelegateId: p.proposerDelegateId,
    proposerName: nameOf.get(p.proposerDelegateId) ?? '',
    cosigners: cosigners
      .filter((c) => c.proposalId === p.id)
      .map((c) => ({ delegateId: c.delegateId, name: c.name, status: c.status as 'invited' | 'signed' | 'declined' })),
    reviewNote: p.reviewNote,
    department: p.department,
    reply: p.reply,
    repliedAt: p.repliedAt?.toISOString() ?? null,
    satisfaction: p.satisfaction as Proposal['satisfaction'],
    submittedAt: p.submittedAt?.toISOString() ?? null,
    createdAt: p.createdAt.toISOString(),
  }));
}

async function one(db: Executor, id: number) {
  const row = await proposals.findProposal(db, id);
  return row ? (await toProposals(db, [row]))[0]! : null;
}

/**
 * Loads a proposal for an actor: cadres with `democracy.read` (or `.manage` for committee acts) in
 * the session's scope, or delegates of its session — who see drafts only when they are the
 * proposer or an invited co-signer.
 */
async function proposalFor(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  as: 'reader' | 'committee' | 'proposer' | 'cosigner',
) {
  const row = await proposals.findProposal(deps.db, id);
  const session = row ? await repo.findSession(deps.db, row.sessionId) : null;
  const refuse = () =>
    refuseOutOfScope(deps.db, context, { type: 'congress_proposal', id, exists: async () => row !== undefined });
  if (!row || !session) return refuse();
  const permission = as === 'committee' ? 'democracy.manage' : 'democracy.read';
  if ((as === 'reader' || as === 'committee') && isWithin(session.path, context.actor.grants.get(permission) ?? [])) {
    return { row, session, delegate: null };
  }
  if (as === 'committee') return refuse();
  const delegate = await repo.findDelegateOfUser(deps.db, row.sessionId, context.actor.userId);
  if (!delegate) return refuse();
  const isProposer = delegate.delegate.id === row.proposerDelegateId;
  if (as === 'proposer') {
    if (!isProposer) throw new AppError(403, 'democracy.not_proposer');
    return { row, session, delegate };
  }
  const invitation = await proposals.invitationOf(deps.db, id, delegate.delegate.id);
  if (as === 'cosigner') {
    if (!invitation) throw new AppError(403, 'democracy.not_invited');
    return { row, session, delegate };
  }
  if (row.status === 'draft' && !isProposer && !invitation) return refuse();
  return { row, session, delegate };
}

export async function draftProposal(
  deps: DemocracyDeps,
  context: RequestContext,
  sessionId: number,
  input: { title: string; body: string },
) {
  const { view, delegate } = await sessionForReader(deps, context, sessionId);
  if (!delegate) throw new AppError(403, 'democracy.not_delegate');
  if (view.session.status === 'closed') throw new AppError(409, 'democracy.session_closed');
  const proposalId = await proposals.insertProposal(deps.db, {
    sessionId,
    provinceCode: view.session.provinceCode,
    proposerDelegateId: delegate.delegate.id,
    title: input.title,
    body: input.body,
  });
  return (await one(deps.db, proposalId))!;
}

export async function updateDraft(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { title?: string | undefined; body?: string | undefined },
) {
  const { row } = await proposalFor(deps, context, id, 'proposer');
  if (row.status !== 'draft') throw new AppError(409, 'democracy.proposal_state');
  await proposals.updateProposal(deps.db, id, input);
  return (await one(deps.db, id))!;
}

export async function inviteCosigners(deps: DemocracyDeps, context: RequestContext, id: number, delegateIds: number[]) {
  const { row, delegate } = await proposalFor(deps, context, id, 'proposer');
  if (row.status !== 'draft') throw new AppError(409, 'democracy.proposal_state');
  const valid = await proposals.delegatesOfSession(deps.db, row.sessionId, delegateIds);
  const ids = valid.filter((v) => v !== delegate!.delegate.id);
  if (ids.length !== new Set(delegateIds).size) {
    throw new ValidationProblem([{ field: 'delegateIds', messageKey: 'problem.democracy.not_delegate' }]);
  }
  await proposals.inviteCosigners(deps.db, row, ids);
  return (await one(deps.db, id))!;
}

export async function respondToInvitation(deps: DemocracyDeps, context: RequestContext, id: number, accept: boolean) {
  const { row, delegate } = await proposalFor(deps, context, id, 'cosigner');
  if (row.status !== 'draft') throw new AppError(409, 'democracy.proposal_state');
  await proposals.respond(deps.db, id, delegate!.delegate.id, accept ? 'signed' : 'declined');
  return (await one(deps.db, id))!;
}

export async function submitProposal(deps: DemocracyDeps, context: RequestContext, id: number) {
  const { row, session } = await proposalFor(deps, context, id, 'proposer');
  if (row.status !== 'draft') throw new AppError(409, 'democracy.proposal_state');
  await deps.db.transaction(async (tx) => {
    const signed = await proposals.signedCount(tx, id);
    const minimum = session.session.minCosigners;
    if (signed < minimum) throw new AppError(409, 'democracy.cosigners_needed', { minimum });
    await proposals.updateProposal(tx, id, { status: 'submitted', submittedAt: new Date() }, 'draft');
    await recordAudit(tx, context, {
      action: 'proposal.submit',
      subjectType: 'congress_proposal',
      subjectId: id,
      organisationId: session.session.organisationId,
      changes: { title: row.title, cosigners: signed },
    });
  });
  return (await one(deps.db, id))!;
}

const COMMITTEE_STEPS = {
  review: { from: ['submitted'], action: 'proposal.review' },
  assign: { from: ['accepted', 'assigned'], action: 'proposal.assign' },
  reply: { from: ['assigned'], action: 'proposal.reply' },
} as const;

/** The committee's acts: review (立案 with a number, or converted to an opinion), assignment, reply. */
export async function committeeAct(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  step: keyof typeof COMMITTEE_STEPS,
  input: { decision?: 'accept' | 'opinion'; note?: string | null | undefined; department?: string; reply?: string },
) {
  const { row, session } = await proposalFor(deps, context, id, 'committee');
  const rule = COMMITTEE_STEPS[step];
  if (!(rule.from as readonly string[]).includes(row.status)) throw new AppError(409, 'democracy.proposal_state');
  await deps.db.transaction(async (tx) => {
    let values: Partial<ProposalRow>;
    if (step === 'review') {
      if (input.decision === 'accept') {
        const numbered = await proposals.numberedCount(tx, row.sessionId);
        const s = session.session;
        values = {
          status: 'accepted',
          number: `${s.term}-${s.meeting}-${String(numbered + 1).padStart(3, '0')}`,
          reviewNote: input.note ?? null,
        };
      } else {
        values = { status: 'opinion', reviewNote: input.note ?? null };
      }
    } else if (step === 'assign') {
      values = { status: 'assigned', department: input.department! };
    } else {
      values = { status: 'replied', reply: input.reply!, repliedAt: new Date() };
    }
    await proposals.updateProposal(tx, id, values);
    await recordAudit(tx, context, {
      action: rule.action,
      subjectType: 'congress_proposal',
      subjectId: id,
      organisationId: session.session.organisationId,
      changes: values,
    });
  });
  return (await one(deps.db, id))!;
}

/** The proposer rates the reply; the proposal is then closed into the archive. */
export async function rateReply(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  satisfaction: 'satisfied' | 'basic' | 'unsatisfied',
) {
  const { row } = await proposalFor(deps, context, id, 'proposer');
  if (row.status !== 'replied') throw new AppError(409, 'democracy.proposal_state');
  await proposals.updateProposal(deps.db, id, { satisfaction, status: 'closed' });
  return (await one(deps.db, id))!;
}

export async function getProposal(deps: DemocracyDeps, context: RequestContext, id: number) {
  await proposalFor(deps, context, id, 'reader');
  return (await one(deps.db, id))!;
}

/**
 * Proposals a person may follow: for cadres every non-draft proposal in scope; for delegates every
 * non-draft proposal of their sessions, plus drafts they propose or were invited to co-sign.
 * `q` searches title and text (the archive).
 */
export async function listProposals(
  deps: DemocracyDeps,
  context: RequestContext,
  query: {
    page: number;
    pageSize: number;
    sessionId?: number | undefined;
    status?: string | undefined;
    q?: string | undefined;
  },
) {
  const scope = context.actor.grants.get('democracy.read') ?? [];
  const delegations = await repo.delegationsOfUser(deps.db, context.actor.userId);
  const mine = delegations.map((d) => d.delegate.id);
  const sessions = delegations.map((d) => d.delegate.sessionId);
  if (scope.length === 0 && mine.length === 0) scopeOf(context.actor, 'democracy.read');
  const { rows, total } = await proposals.proposalsPage(
    deps.db,
    {
      scope,
      sessions,
      delegateIds: mine,
      sessionId: query.sessionId,
      status: query.status,
      q: query.q,
    },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: await toProposals(deps.db, rows),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
