import {
  type AuditAction,
  DEFAULT_MEMBER_VOTE_RULES,
  DEFAULT_VOTE_RULES,
  MOTION_CHOICES,
  minimumCandidates,
  type Vote,
  type VoteResult,
  type VoteRules,
  voteRulesSchema,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, ORGANISATION } from '../../platform/scope';
import { notify } from '../reach';
import { forgetVote } from './casting.service';
import { findMemberInSubtree, SESSION } from './congress.repository';
import { type DemocracyDeps, getSessionDetail } from './congress.service';
import { closeEncrypted, presidiumTrustees, requireKey, tallyEncrypted, trusteesSummary } from './encrypted.service';
import { computeResult, tallyVote } from './tally';
import type { VoteRow, VoteView } from './votes.repository';
import * as repo from './votes.repository';

/*
 * Secrecy. The roll (vote_roll) says who voted; a ballot says what was voted, keyed by a random
 * receipt, with no voter, no time and no ordered id. Both are written by one statement, so a ballot
 * is never lost or counted twice. What that statement cannot hide is PostgreSQL's own bookkeeping:
 * the new roll row and the ballot share a transaction id (xmin) and a ballot's place in the heap
 * follows arrival. So ballots land in vote_ballot_box and are *mixed*: in batches while the vote is
 * open and all at once at close, in one transaction that rewrites the ballots in random order into
 * vote_ballots and touches every roll row of their voters; the close also rewrites the whole roll in
 * random order. Afterwards every ballot and roll row of a batch share one xmin, the heap order of
 * ballots and of the roll is random, and the dead rows are vacuumed away.
 */

async function toVote(db: Executor, view: VoteView): Promise<Vote> {
  const v = view.vote;
  return {
    id: v.id,
    organisationId: v.organisationId,
    organisationName: view.organisationName,
    sessionId: v.sessionId,
    agendaItemId: v.agendaItemId,
    kind: v.kind as Vote['kind'],
    title: v.title,
    description: v.description,
    electorate: v.electorate as Vote['electorate'],
    seats: v.seats,
    counting: v.counting as Vote['counting'],
    maxChoices: v.maxChoices,
    rules: v.rules as VoteRules,
    status: v.status as Vote['status'],
    electorateCount: v.electorateCount,
    electorateWeight: v.electorateWeight,
    electorateHash: v.electorateHash,
    frozenAt: v.frozenAt?.toISOString() ?? null,
    openedAt: v.openedAt?.toISOString() ?? null,
    closedAt: v.closedAt?.toISOString() ?? null,
    candidates: await repo.candidatesOf(db, v.id),
    votedCount: v.status === 'draft' ? 0 : await repo.votedCount(db, v.id),
    ballotMode: v.ballotMode as Vote['ballotMode'],
    trustees: await trusteesSummary(db, v),
  };
}

export async function getVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  return toVote(deps.db, await loadInScope(deps.db, context, repo.VOTE, id, 'democracy.read'));
}

export async function listVotes(
  deps: DemocracyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; sessionId?: number | undefined; status?: string | undefined },
) {
  const scope = scopeOf(context.actor, 'democracy.read');
  const { rows, total } = await repo.votesPage(
    deps.db,
    { scope, sessionId: query.sessionId, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return {
    items: await Promise.all(rows.map((r) => toVote(deps.db, r))),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export interface CreateVoteInput {
  organisationId?: number | undefined;
  sessionId?: number | null | undefined;
  agendaItemId?: number | null | undefined;
  kind: 'motion' | 'election';
  title: string;
  description?: string | null | undefined;
  electorate: 'congress' | 'members';
  seats?: number | null | undefined;
  counting?: 'approval' | 'plurality' | null | undefined;
  maxChoices?: number | null | undefined;
  candidates?: { name: string; memberNumber?: string | null | undefined; note?: string | null | undefined }[];
  rules?: VoteRules | undefined;
  ballotMode?: 'encrypted' | 'plain' | undefined;
}

/** The slate rule of 差额选举: refuses a slate with fewer candidates than the rules require. */
export function checkSlate(rules: VoteRules, seats: number, candidates: number) {
  const minimum = minimumCandidates(rules, seats);
  if (candidates < minimum) {
    throw new ValidationProblem([
      { field: 'candidates', messageKey: 'problem.democracy.slate_too_small', params: { minimum, seats } },
    ]);
  }
}

export async function createVote(deps: DemocracyDeps, context: RequestContext, input: CreateVoteInput) {
  let organisationId = input.organisationId;
  let path: string;
  if (input.sessionId) {
    const session = await loadInScope(deps.db, context, SESSION, input.sessionId, 'democracy.manage');
    if (session.session.status === 'closed') throw new AppError(409, 'democracy.session_closed');
    organisationId = session.session.organisationId;
    path = session.path;
    if (input.agendaItemId) {
      if (!(await repo.agendaItemExists(deps.db, input.sessionId, input.agendaItemId)))
        throw new ValidationProblem([{ field: 'agendaItemId', messageKey: 'problem.democracy.agenda_item' }]);
    }
  } else {
    const organisation = await loadInScope(deps.db, context, ORGANISATION, organisationId ?? 0, 'democracy.manage');
    path = organisation.path;
  }
  const rules = input.rules ?? (input.electorate === 'congress' ? DEFAULT_VOTE_RULES : DEFAULT_MEMBER_VOTE_RULES);
  if (rules.quorum.base === 'attendance' && input.electorate !== 'congress') {
    throw new ValidationProblem([
      { field: 'rules.quorum.base', messageKey: 'problem.democracy.attendance_needs_congress' },
    ]);
  }
  const isElection = input.kind === 'election';
  const seats = isElection ? input.seats! : null;
  const candidates = isElection ? (input.candidates ?? []) : [];
  if (isElection) checkSlate(rules, seats!, candidates.length);
  const counting = isElection ? (input.counting ?? 'approval') : null;
  const maxChoices = isElection ? (counting === 'plurality' ? 1 : Math.min(input.maxChoices ?? seats!, seats!)) : 1;
  const resolved: { position: number; name: string; memberId: number | null; note: string | null }[] = [];
  for (const [index, candidate] of candidates.entries()) {
    let memberId: number | null = null;
    if (candidate.memberNumber) {
      const member = await findMemberInSubtree(deps.db, candidate.memberNumber, path);
      if (!member) {
        throw new ValidationProblem([
          { field: `candidates.${index}.memberNumber`, messageKey: 'problem.democracy.member_not_found' },
        ]);
      }
      memberId = member.id;
    }
    resolved.push({ position: index + 1, name: candidate.name, memberId, note: candidate.note ?? null });
  }
  const provinceCode = await provinceOfOrganisation(deps.db, organisationId!);
  const ballotMode = input.ballotMode ?? 'encrypted';
  const id = await deps.db.transaction(async (tx) => {
    const voteId = await repo.insertVote(
      tx,
      {
        provinceCode,
        organisationId: organisationId!,
        sessionId: input.sessionId ?? null,
        agendaItemId: input.agendaItemId ?? null,
        kind: input.kind,
        title: input.title,
        description: input.description ?? null,
        electorate: input.electorate,
        seats,
        counting,
        maxChoices,
        rules: voteRulesSchema.parse(rules),
        ballotMode,
        createdBy: context.actor.userId,
      },
      resolved,
    );
    await recordAudit(tx, context, {
      action: 'vote.create',
      subjectType: 'vote',
      subjectId: voteId,
      organisationId: organisationId!,
      changes: { title: input.title, kind: input.kind, seats, candidates: resolved.length, rules },
    });
    if (ballotMode === 'encrypted' && input.sessionId)
      await presidiumTrustees(
        tx,
        context,
        { id: voteId, provinceCode, organisationId: organisationId! },
        input.sessionId,
      );
    return voteId;
  });
  return getVote(deps, context, id);
}

async function transition(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  from: VoteRow['status'],
  work: (tx: Executor, view: VoteView) => Promise<Record<string, unknown>>,
  action: AuditAction,
) {
  const view = await loadInScope(deps.db, context, repo.VOTE, id, 'democracy.manage');
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockVote(tx, id);
    if (locked!.status !== from) throw new AppError(409, 'democracy.vote_state');
    const changes = await work(tx, { ...view, vote: locked! });
    await recordAudit(tx, context, {
      action,
      subjectType: 'vote',
      subjectId: id,
      organisationId: view.vote.organisationId,
      changes,
    });
  });
  return getVote(deps, context, id);
}

/**
 * Freezes the electorate at this moment (the cut-off): the session's delegates, or the union's
 * members, who are active — retained members do not vote. Weights and proxies may still be set
 * until the vote opens; the hash follows every change.
 */
export function freezeVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  return transition(
    deps,
    context,
    id,
    'draft',
    async (tx, view) => {
      const v = view.vote;
      if (v.electorate === 'congress') await repo.fillRollFromCongress(tx, id, v.sessionId!);
      else await repo.fillRollFromMembers(tx, id, { path: view.path, provinceCode: v.provinceCode });
      await repo.rehashRoll(tx, id);
      const after = (await repo.findVoteRow(tx, id))!;
      if (!after.electorateCount) throw new AppError(409, 'democracy.empty_electorate');
      await repo.updateVote(tx, id, { status: 'frozen', frozenAt: new Date() });
      return { electorate: after.electorateCount, hash: after.electorateHash };
    },
    'vote.freeze',
  );
}

export async function listRoll(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  query: { page: number; pageSize: number; q?: string | undefined },
) {
  await loadInScope(deps.db, context, repo.VOTE, id, 'democracy.read');
  const { rows, total } = await repo.rollPage(deps.db, id, query.q, query.pageSize, (query.page - 1) * query.pageSize);
  return {
    items: rows.map((r) => ({
      memberId: r.roll.memberId,
      memberNumber: r.memberNumber,
      name: r.name,
      weight: r.roll.weight,
      proxyMemberId: r.roll.proxyMemberId,
      proxyName: r.proxyName ?? null,
      proxyReason: r.roll.proxyReason,
      voted: r.roll.voted,
      votedVia: r.roll.votedVia as 'self' | 'proxy' | null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Sets a voter's weight or proxy on the frozen roll (logged); the electorate hash is recomputed. */
export function setRollEntry(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  memberId: number,
  input: {
    weight?: number | undefined;
    proxyMemberNumber?: string | null | undefined;
    proxyReason?: string | null | undefined;
  },
) {
  return transition(
    deps,
    context,
    id,
    'frozen',
    async (tx, view) => {
      const entry = await repo.rollEntry(tx, id, memberId);
      if (!entry) throw new AppError(404, 'not_found');
      const values: Partial<repo.RollInsert> = {};
      if (input.weight !== undefined) values.weight = input.weight;
      if (input.proxyMemberNumber === null) {
        values.proxyMemberId = null;
        values.proxyReason = null;
      } else if (input.proxyMemberNumber !== undefined) {
        const proxy = await findMemberInSubtree(tx, input.proxyMemberNumber, view.path);
        if (!proxy || proxy.id === memberId || proxy.status !== 'active') {
          throw new ValidationProblem([
            { field: 'proxyMemberNumber', messageKey: 'problem.democracy.proxy_not_on_roll' },
          ]);
        }
        if (!input.proxyReason) {
          throw new ValidationProblem([{ field: 'proxyReason', messageKey: 'validation.required' }]);
        }
        values.proxyMemberId = proxy.id;
        values.proxyReason = input.proxyReason;
      }
      await repo.updateRollEntry(tx, id, memberId, values);
      await repo.rehashRoll(tx, id);
      return { member: memberId, ...values };
    },
    'vote.roll_change',
  );
}

export function openVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  return transition(
    deps,
    context,
    id,
    'frozen',
    async (tx, view) => {
      await requireKey(tx, view.vote);
      await repo.updateVote(tx, id, { status: 'open', openedAt: new Date() });
      // Everyone on the roll is told, by the channels they chose for votes.
      await notify(tx, {
        kind: 'vote.opened',
        recipients: await repo.rollUserIds(tx, id),
        params: { title: view.vote.title },
        link: `/app/votes/${id}`,
        organisationId: view.vote.organisationId,
        source: { type: 'vote', id },
      });
      return {};
    },
    'vote.open',
  );
}

/**
 * Closes the vote: no cast can start or finish past this point (exclusive lock), every ballot is
 * mixed, the count of ballots is checked against the voters on the roll who voted, and the result
 * is computed and stored once.
 */
export async function closeVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  // An encrypted vote closed but not yet summed (the server stopped in between): closing it again
  // checks and sums its ballots.
  const closing = await loadInScope(deps.db, context, repo.VOTE, id, 'democracy.manage');
  if (closing.vote.status === 'tallying' && closing.vote.encryptedTally === null) {
    await tallyEncrypted(deps, id);
    return getVote(deps, context, id);
  }
  const vote = await transition(
    deps,
    context,
    id,
    'open',
    async (tx, view) => {
      if (view.vote.ballotMode === 'encrypted') return closeEncrypted(tx, id);
      await repo.mixBallots(tx, id, { all: true });
      const check = await repo.ballotsAndVoters(tx, id);
      if (check.ballots !== check.voted) throw new AppError(500, 'democracy.ballots_mismatch');
      const candidates = await repo.candidatesOf(tx, id);
      const options = view.vote.kind === 'motion' ? MOTION_CHOICES.length : candidates.length;
      const result = computeResult(view.vote, candidates, await tallyVote(tx, view.vote, options));
      await repo.updateVote(tx, id, { status: 'closed', closedAt: new Date(), result });
      return { ballots: result.ballots, passed: result.passed, elected: result.elected };
    },
    'vote.close',
  );
  forgetVote(id);
  // An encrypted vote's ballots are checked and summed now; its trustees then decrypt the sum.
  if (vote.ballotMode === 'encrypted') {
    await tallyEncrypted(deps, id);
    return getVote(deps, context, id);
  }
  // The rows the mix left dead still carry arrival order; remove them now rather than at autovacuum.
  await repo.vacuumBallots(deps.db).catch(() => undefined);
  return vote;
}

/** Results, after close only — to the cadres in scope and the voters on the roll alike. */
export async function getResult(deps: DemocracyDeps, context: RequestContext, id: number): Promise<VoteResult> {
  const view = await voteForVoterOrCadre(deps, context, id);
  if (view.vote.status !== 'closed') throw new AppError(409, 'democracy.results_hidden');
  return view.vote.result as VoteResult;
}

/** The counted ballots, after close, ordered by receipt (random): anyone on the roll can recount. */
export async function publishedBallots(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  receipt: string | undefined,
) {
  const view = await voteForVoterOrCadre(deps, context, id);
  if (view.vote.status !== 'closed') throw new AppError(409, 'democracy.results_hidden');
  const rows = await repo.countedBallots(deps.db, id, receipt?.toUpperCase());
  return { items: rows, total: rows.length };
}

async function voteForVoterOrCadre(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = await repo.findVote(deps.db, id);
  if (view && isWithin(view.path, context.actor.grants.get('democracy.read') ?? [])) return view;
  if (view && (await repo.anyOnRoll(deps.db, id, await repo.memberIdsOfUser(deps.db, context.actor.userId)))) {
    return view;
  }
  return refuseOutOfScope(deps.db, context, { type: 'vote', id, exists: async () => view !== null });
}

/**
 * Votes the signed-in member may cast (for themself or as proxy), with whom they cast for; with
 * `voteId`, that one vote only.
 */
export async function myVotes(deps: DemocracyDeps, context: RequestContext, voteId?: number) {
  const own = await repo.memberIdsOfUser(deps.db, context.actor.userId);
  if (own.length === 0) return { items: [] };
  const rows = await repo.rollEntriesFor(deps.db, own, voteId);
  const byVote = new Map<number, typeof rows>();
  for (const row of rows) byVote.set(row.roll.voteId, [...(byVote.get(row.roll.voteId) ?? []), row]);
  const items = [];
  for (const [voteId, entries] of byVote) {
    const view = (await repo.findVote(deps.db, voteId))!;
    items.push({
      vote: await toVote(deps.db, view),
      voters: entries
        .filter((e) => (own.includes(e.roll.memberId) ? e.roll.proxyMemberId === null : true))
        .map((e) => ({
          memberId: e.roll.memberId,
          name: e.name,
          via: own.includes(e.roll.memberId) ? ('self' as const) : ('proxy' as const),
          voted: e.roll.voted,
        })),
    });
  }
  return { items };
}

/** What the hall screen shows: attendance and quorum, the item under discussion, turnout or results. */
export async function sessionScreen(deps: DemocracyDeps, context: RequestContext, sessionId: number) {
  const session = await getSessionDetail(deps, context, sessionId);
  const rows = await repo.votesOfSession(deps.db, sessionId);
  return {
    title: session.title,
    organisationName: session.organisationName,
    status: session.status,
    delegates: session.delegates,
    checkedIn: session.checkedIn,
    quorumRequired: session.quorumRequired,
    quorumMet: session.quorumMet,
    currentItem: session.agenda.find((item) => item.isCurrent)?.title ?? null,
    votes: await Promise.all(
      rows.map(async (v) => ({
        id: v.id,
        title: v.title,
        kind: v.kind as Vote['kind'],
        status: v.status as Vote['status'],
        electorateCount: v.electorateCount,
        votedCount: v.status === 'draft' ? 0 : await repo.votedCount(deps.db, v.id),
        result: v.status === 'closed' ? (v.result as VoteResult) : null,
      })),
    ),
  };
}
