import {
  DEFAULT_MEMBER_VOTE_RULES,
  DEFAULT_VOTE_RULES,
  evaluateElection,
  evaluateMotion,
  MOTION_CHOICES,
  minimumCandidates,
  type Permission,
  type Vote,
  type VoteResult,
  type VoteRules,
  voteRulesSchema,
} from '@gonghui/contract';
import { and, asc, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { Db, Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { CROCKFORD_BASE32 } from '../../platform/crypto';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { organisations } from '../../platform/organisations.tables';
import { members } from '../membership/membership.tables';
import { castForSelf, type RefusalFacts } from './cast-batches';
import * as repo from './congress.repository';
import { type DemocracyDeps, getSessionDetail, sessionForCadre } from './congress.service';
import { congressAgendaItems, voteBallots, voteCandidates, voteRoll, votes } from './democracy.tables';

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

type VoteRow = typeof votes.$inferSelect;

async function findVote(db: Executor, id: number) {
  const [row] = await db
    .select({ vote: votes, organisationName: organisations.name, path: organisations.path })
    .from(votes)
    .innerJoin(organisations, eq(organisations.id, votes.organisationId))
    .where(eq(votes.id, id));
  return row ?? null;
}
type VoteView = NonNullable<Awaited<ReturnType<typeof findVote>>>;

async function voteForCadre(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  permission: Permission = 'democracy.read',
) {
  const view = await findVote(deps.db, id);
  if (view && isWithin(view.path, context.actor.grants.get(permission) ?? [])) return view;
  return refuseOutOfScope(deps.db, context, { type: 'vote', id, exists: async () => view !== null });
}

async function candidatesOf(db: Executor, voteId: number) {
  return db
    .select({
      position: voteCandidates.position,
      name: voteCandidates.name,
      memberId: voteCandidates.memberId,
      note: voteCandidates.note,
    })
    .from(voteCandidates)
    .where(eq(voteCandidates.voteId, voteId))
    .orderBy(asc(voteCandidates.position));
}

async function votedCount(db: Executor, voteId: number) {
  const [row] = await db
    .select({ count: sql<number>`count(*) FILTER (WHERE ${voteRoll.voted})::int` })
    .from(voteRoll)
    .where(eq(voteRoll.voteId, voteId));
  return row?.count ?? 0;
}

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
    candidates: await candidatesOf(db, v.id),
    votedCount: v.status === 'draft' ? 0 : await votedCount(db, v.id),
  };
}

export async function getVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  return toVote(deps.db, await voteForCadre(deps, context, id));
}

export async function listVotes(
  deps: DemocracyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; sessionId?: number | undefined; status?: string | undefined },
) {
  const scope = scopeOf(context.actor, 'democracy.read');
  const where = and(
    inSubtrees(organisations.path, scope),
    query.sessionId ? eq(votes.sessionId, query.sessionId) : undefined,
    query.status ? eq(votes.status, query.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ vote: votes, organisationName: organisations.name, path: organisations.path })
      .from(votes)
      .innerJoin(organisations, eq(organisations.id, votes.organisationId))
      .where(where)
      .orderBy(desc(votes.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(votes)
      .innerJoin(organisations, eq(organisations.id, votes.organisationId))
      .where(where),
  ]);
  return {
    items: await Promise.all(rows.map((r) => toVote(deps.db, r))),
    total: total?.count ?? 0,
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
  const scope = scopeOf(context.actor, 'democracy.manage');
  let organisationId = input.organisationId;
  let path: string;
  if (input.sessionId) {
    const session = await sessionForCadre(deps, context, input.sessionId, 'democracy.manage');
    if (session.session.status === 'closed') throw new AppError(409, 'democracy.session_closed');
    organisationId = session.session.organisationId;
    path = session.path;
    if (input.agendaItemId) {
      const [item] = await deps.db
        .select({ id: congressAgendaItems.id })
        .from(congressAgendaItems)
        .where(and(eq(congressAgendaItems.id, input.agendaItemId), eq(congressAgendaItems.sessionId, input.sessionId)));
      if (!item) throw new ValidationProblem([{ field: 'agendaItemId', messageKey: 'problem.democracy.agenda_item' }]);
    }
  } else {
    const [organisation] = await deps.db
      .select()
      .from(organisations)
      .where(eq(organisations.id, organisationId ?? 0));
    if (!organisation || !isWithin(organisation.path, scope)) {
      return refuseOutOfScope(deps.db, context, {
        type: 'organisation',
        id: organisationId ?? 0,
        exists: async () => organisation !== undefined,
      });
    }
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
      const member = await repo.findMemberInSubtree(deps.db, candidate.memberNumber, path);
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
  const id = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(votes)
      .values({
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
        createdBy: context.actor.userId,
      })
      .returning();
    if (resolved.length > 0) {
      await tx.insert(voteCandidates).values(resolved.map((c) => ({ ...c, voteId: row!.id, provinceCode })));
    }
    await recordAudit(tx, context, {
      action: 'vote.create',
      subjectType: 'vote',
      subjectId: row!.id,
      organisationId: organisationId!,
      changes: { title: input.title, kind: input.kind, seats, candidates: resolved.length, rules },
    });
    return row!.id;
  });
  return getVote(deps, context, id);
}

/** SHA-256 over the frozen roll, one line per voter: member number, tab, weight; by member number. */
async function rehashRoll(tx: Executor, voteId: number) {
  await tx.execute(sql`
    UPDATE votes v SET electorate_count = r.count, electorate_weight = r.weight, electorate_hash = r.hash
    FROM (
      SELECT count(*)::int AS count, coalesce(sum(r.weight), 0)::int AS weight,
        encode(sha256(convert_to(coalesce(string_agg(m.member_number || E'\t' || r.weight, E'\n'
          ORDER BY m.member_number), ''), 'UTF8')), 'hex') AS hash
      FROM vote_roll r JOIN members m ON m.id = r.member_id AND m.province_code = r.province_code
      WHERE r.vote_id = ${voteId}
    ) r
    WHERE v.id = ${voteId}`);
}

async function transition(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  from: VoteRow['status'],
  work: (tx: Executor, view: VoteView) => Promise<Record<string, unknown>>,
  action: string,
) {
  const view = await voteForCadre(deps, context, id, 'democracy.manage');
  await deps.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(votes).where(eq(votes.id, id)).for('update');
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
      if (v.electorate === 'congress') {
        await tx.execute(sql`
          INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
          SELECT ${id}, d.province_code, d.member_id, m.user_id
          FROM congress_delegates d JOIN members m ON m.id = d.member_id AND m.province_code = d.province_code
          WHERE d.session_id = ${v.sessionId} AND m.status = 'active'`);
      } else {
        await tx.execute(sql`
          INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
          SELECT ${id}, m.province_code, m.id, m.user_id FROM members m
          WHERE m.organisation_path <@ ${view.path}::ltree AND m.status = 'active'
            AND m.province_code = ${v.provinceCode}`);
      }
      await rehashRoll(tx, id);
      const [after] = await tx.select().from(votes).where(eq(votes.id, id));
      if (!after!.electorateCount) throw new AppError(409, 'democracy.empty_electorate');
      await tx.update(votes).set({ status: 'frozen', frozenAt: sql`now()` }).where(eq(votes.id, id));
      return { electorate: after!.electorateCount, hash: after!.electorateHash };
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
  await voteForCadre(deps, context, id);
  const proxy = sql`(SELECT p.name FROM members p
    WHERE p.id = vote_roll.proxy_member_id AND p.province_code = vote_roll.province_code)`;
  const where = and(
    eq(voteRoll.voteId, id),
    query.q ? sql`(${members.name} LIKE ${`%${query.q}%`} OR ${members.memberNumber} = ${query.q})` : undefined,
  );
  const [rows, [total]] = await Promise.all([
    deps.db
      .select({ roll: voteRoll, memberNumber: members.memberNumber, name: members.name, proxyName: proxy })
      .from(voteRoll)
      .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
      .where(where)
      .orderBy(asc(members.memberNumber))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    deps.db
      .select({ count: sql<number>`count(*)::int` })
      .from(voteRoll)
      .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
      .where(where),
  ]);
  return {
    items: rows.map((r) => ({
      memberId: r.roll.memberId,
      memberNumber: r.memberNumber,
      name: r.name,
      weight: r.roll.weight,
      proxyMemberId: r.roll.proxyMemberId,
      proxyName: (r.proxyName as string | null) ?? null,
      proxyReason: r.roll.proxyReason,
      voted: r.roll.voted,
      votedVia: r.roll.votedVia as 'self' | 'proxy' | null,
    })),
    total: total?.count ?? 0,
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
      const [entry] = await tx
        .select()
        .from(voteRoll)
        .where(and(eq(voteRoll.voteId, id), eq(voteRoll.memberId, memberId)));
      if (!entry) throw new AppError(404, 'not_found');
      const values: Partial<typeof voteRoll.$inferInsert> = {};
      if (input.weight !== undefined) values.weight = input.weight;
      if (input.proxyMemberNumber === null) {
        values.proxyMemberId = null;
        values.proxyReason = null;
      } else if (input.proxyMemberNumber !== undefined) {
        const proxy = await repo.findMemberInSubtree(tx, input.proxyMemberNumber, view.path);
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
      await tx
        .update(voteRoll)
        .set(values)
        .where(and(eq(voteRoll.voteId, id), eq(voteRoll.memberId, memberId)));
      await rehashRoll(tx, id);
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
    async (tx) => {
      await tx.update(votes).set({ status: 'open', openedAt: sql`now()` }).where(eq(votes.id, id));
      return {};
    },
    'vote.open',
  );
}

/** The advisory lock key of a vote: casts hold it shared, mixing and closing exclusively. */
const lockKey = (voteId: number) => sql`hashtextextended(${`vote:${voteId}`}, 0)`;

/**
 * Moves the box's ballots, shuffled, into the counted ballots, and touches the roll rows of their
 * voters in the same transaction (see the note at the top). With `all`, every counted ballot of
 * the vote is rewritten too, so the final order carries no trace of the batches.
 */
export async function mixBallots(tx: Executor, voteId: number, options: { all: boolean }) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${lockKey(voteId)})`);
  if (options.all) {
    await tx.execute(sql`
      WITH moved AS (
        DELETE FROM vote_ballot_box WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      ), counted AS (
        DELETE FROM vote_ballots WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      )
      INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
      SELECT * FROM (SELECT * FROM moved UNION ALL SELECT * FROM counted) b ORDER BY random()`);
    // The roll is rewritten too, sealed and shuffled: each cast's update of a roll row placed its new
    // version in arrival order, and an in-place UPDATE here would keep that order in the heap.
    await tx.execute(sql`
      WITH old AS (
        DELETE FROM vote_roll WHERE vote_id = ${voteId}
        RETURNING vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via
      )
      INSERT INTO vote_roll (vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted,
        voted_via, sealed)
      SELECT vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via, true
        FROM old ORDER BY random()`);
  } else {
    await tx.execute(sql`
      WITH moved AS (
        DELETE FROM vote_ballot_box WHERE vote_id = ${voteId} RETURNING vote_id, province_code, receipt, choices, weight
      )
      INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
      SELECT * FROM moved ORDER BY random()`);
    await tx.execute(sql`UPDATE vote_roll SET sealed = true WHERE vote_id = ${voteId} AND voted AND NOT sealed`);
  }
}

/** Counts the mixed ballots of a vote in SQL: per option weights, total and blank weight. */
export async function tallyVote(db: Executor, vote: Pick<VoteRow, 'id' | 'kind' | 'sessionId'>, options: number) {
  const [totals] = (
    await db.execute<{ ballots: number; cast: number; blank: number }>(sql`
      SELECT count(*)::int AS ballots, coalesce(sum(weight), 0)::int AS cast,
        coalesce(sum(weight) FILTER (WHERE cardinality(choices) = 0), 0)::int AS blank
      FROM vote_ballots WHERE vote_id = ${vote.id}`)
  ).rows;
  const perOption = (
    await db.execute<{ option: number; votes: number }>(sql`
      SELECT c::int AS option, sum(weight)::int AS votes
      FROM vote_ballots, unnest(choices) AS c WHERE vote_id = ${vote.id} GROUP BY c`)
  ).rows;
  const counts = new Array<number>(options).fill(0);
  for (const row of perOption) counts[row.option - 1] = row.votes;
  // Delegates on the roll checked in to the session now (for an attendance quorum).
  const [attendance] = vote.sessionId
    ? (
        await db.execute<{ weight: number }>(sql`
          SELECT coalesce(sum(r.weight), 0)::int AS weight FROM vote_roll r
          JOIN congress_delegates d ON d.member_id = r.member_id AND d.province_code = r.province_code
          WHERE r.vote_id = ${vote.id} AND d.session_id = ${vote.sessionId} AND d.checked_in_at IS NOT NULL`)
      ).rows
    : [];
  return {
    ballots: totals!.ballots,
    castWeight: totals!.cast,
    blankWeight: totals!.blank,
    attendanceWeight: attendance?.weight ?? 0,
    votes: counts,
  };
}

export function computeResult(
  vote: VoteRow,
  candidates: { position: number; name: string }[],
  tally: Awaited<ReturnType<typeof tallyVote>>,
): VoteResult {
  const rules = vote.rules as VoteRules;
  const common = {
    voteId: vote.id,
    rules,
    seats: vote.seats,
    electorateCount: vote.electorateCount ?? 0,
    electorateWeight: vote.electorateWeight ?? 0,
    ballots: tally.ballots,
  };
  if (vote.kind === 'motion') {
    const [forVotes = 0, against = 0, abstain = 0] = tally.votes;
    const outcome = evaluateMotion(rules, {
      electorateWeight: common.electorateWeight,
      for: forVotes,
      against,
      abstain,
      attendanceWeight: tally.attendanceWeight,
    });
    return {
      ...common,
      kind: 'motion',
      castWeight: outcome.castWeight,
      abstainWeight: outcome.abstainWeight,
      quorumMet: outcome.quorum.met,
      quorumParticipating: outcome.quorum.participating,
      majorityBase: outcome.base,
      passed: outcome.passed,
      elected: null,
      options: MOTION_CHOICES.map((label, index) => ({
        position: index + 1,
        label,
        votes: tally.votes[index] ?? 0,
        outcome: null,
      })),
    };
  }
  const outcome = evaluateElection(rules, {
    seats: vote.seats ?? 1,
    electorateWeight: common.electorateWeight,
    votes: tally.votes,
    castWeight: tally.castWeight,
    blankWeight: tally.blankWeight,
    attendanceWeight: tally.attendanceWeight,
  });
  return {
    ...common,
    kind: 'election',
    castWeight: outcome.castWeight,
    abstainWeight: outcome.abstainWeight,
    quorumMet: outcome.quorum.met,
    quorumParticipating: outcome.quorum.participating,
    majorityBase: outcome.base,
    passed: null,
    elected: outcome.elected,
    options: outcome.candidates.map((c) => ({
      position: c.position,
      label: candidates[c.position - 1]?.name ?? String(c.position),
      votes: c.votes,
      outcome: c.outcome,
    })),
  };
}

/**
 * Closes the vote: no cast can start or finish past this point (exclusive lock), every ballot is
 * mixed, the count of ballots is checked against the voters on the roll who voted, and the result
 * is computed and stored once.
 */
export async function closeVote(deps: DemocracyDeps, context: RequestContext, id: number) {
  const vote = await transition(
    deps,
    context,
    id,
    'open',
    async (tx, view) => {
      await mixBallots(tx, id, { all: true });
      const [check] = (
        await tx.execute<{ ballots: number; voted: number }>(sql`
          SELECT (SELECT count(*)::int FROM vote_ballots WHERE vote_id = ${id}) AS ballots,
                 (SELECT count(*)::int FROM vote_roll WHERE vote_id = ${id} AND voted) AS voted`)
      ).rows;
      if (check!.ballots !== check!.voted) throw new AppError(500, 'democracy.ballots_mismatch');
      const candidates = await candidatesOf(tx, id);
      const options = view.vote.kind === 'motion' ? MOTION_CHOICES.length : candidates.length;
      const result = computeResult(view.vote, candidates, await tallyVote(tx, view.vote, options));
      await tx.update(votes).set({ status: 'closed', closedAt: sql`now()`, result }).where(eq(votes.id, id));
      return { ballots: result.ballots, passed: result.passed, elected: result.elected };
    },
    'vote.close',
  );
  shapes.delete(id);
  pending.delete(id);
  // The rows the mix left dead still carry arrival order; remove them now rather than at autovacuum.
  await deps.db.execute(sql`VACUUM vote_ballot_box, vote_ballots, vote_roll`).catch(() => undefined);
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
  const rows = await deps.db
    .select({ receipt: voteBallots.receipt, choices: voteBallots.choices, weight: voteBallots.weight })
    .from(voteBallots)
    .where(and(eq(voteBallots.voteId, id), receipt ? eq(voteBallots.receipt, receipt.toUpperCase()) : undefined))
    .orderBy(asc(voteBallots.receipt));
  return { items: rows, total: rows.length };
}

async function voteForVoterOrCadre(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = await findVote(deps.db, id);
  if (view && isWithin(view.path, context.actor.grants.get('democracy.read') ?? [])) return view;
  if (view) {
    const own = await myMemberIds(deps.db, context.actor.userId);
    const [onRoll] = own.length
      ? await deps.db
          .select({ memberId: voteRoll.memberId })
          .from(voteRoll)
          .where(and(eq(voteRoll.voteId, id), inArray(voteRoll.memberId, own)))
      : [];
    if (onRoll) return view;
  }
  return refuseOutOfScope(deps.db, context, { type: 'vote', id, exists: async () => view !== null });
}

async function myMemberIds(db: Executor, userId: string) {
  const rows = await db.select({ id: members.id }).from(members).where(eq(members.userId, userId));
  return rows.map((r) => r.id);
}

/**
 * Votes the signed-in member may cast (for themself or as proxy), with whom they cast for; with
 * `voteId`, that one vote only.
 */
export async function myVotes(deps: DemocracyDeps, context: RequestContext, voteId?: number) {
  const own = await myMemberIds(deps.db, context.actor.userId);
  if (own.length === 0) return { items: [] };
  const rows = await deps.db
    .select({ roll: voteRoll, name: members.name })
    .from(voteRoll)
    .innerJoin(members, and(eq(members.id, voteRoll.memberId), eq(members.provinceCode, voteRoll.provinceCode)))
    .innerJoin(votes, and(eq(votes.id, voteRoll.voteId), eq(votes.provinceCode, voteRoll.provinceCode)))
    .where(
      and(
        sql`${votes.status} IN ('frozen','open','closed')`,
        or(inArray(voteRoll.memberId, own), inArray(voteRoll.proxyMemberId, own)),
        voteId === undefined ? undefined : eq(voteRoll.voteId, voteId),
      ),
    )
    .orderBy(desc(voteRoll.voteId));
  const byVote = new Map<number, typeof rows>();
  for (const row of rows) byVote.set(row.roll.voteId, [...(byVote.get(row.roll.voteId) ?? []), row]);
  const items = [];
  for (const [voteId, entries] of byVote) {
    const view = (await findVote(deps.db, voteId))!;
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

// ---- casting ----

/**
 * The receipt of a ballot: derived from the ballot form's random key with the server's keyed hash,
 * so a retried request gets the same receipt, and nobody without the key can link it to anything.
 */
export function receiptOf(deps: Pick<DemocracyDeps, 'cipher'>, voteId: number, clientKey: string) {
  const digest = deps.cipher.blindIndex(`vote-receipt:${voteId}:${clientKey}`);
  let bits = 0n;
  for (let i = 0; i < 10; i++) bits = (bits << 8n) | BigInt(digest[i]!);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += CROCKFORD_BASE32[Number(bits & 31n)];
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}

interface BallotShape {
  kind: string;
  options: number;
  maxChoices: number;
}
// A vote's ballot shape cannot change once it is frozen, so it is read once per process.
const shapes = new Map<number, BallotShape>();

async function ballotShape(db: Executor, voteId: number): Promise<BallotShape | null> {
  const known = shapes.get(voteId);
  if (known) return known;
  const [vote] = await db.select().from(votes).where(eq(votes.id, voteId));
  if (!vote) return null;
  const options = vote.kind === 'motion' ? MOTION_CHOICES.length : (await candidatesOf(db, voteId)).length;
  const shape = { kind: vote.kind, options, maxChoices: vote.kind === 'motion' ? 1 : (vote.maxChoices ?? 1) };
  if (vote.status !== 'draft') shapes.set(voteId, shape);
  return shape;
}

function validChoices(shape: BallotShape, choices: readonly number[]) {
  if (new Set(choices).size !== choices.length) return false;
  if (choices.some((c) => c < 1 || c > shape.options)) return false;
  if (shape.kind === 'motion') return choices.length === 1;
  return choices.length <= shape.maxChoices;
}

// A cast on someone's behalf: one statement, so one transaction. The shared lock keeps a mix or
// close from running beside it; the roll row is claimed only if not yet voted and not sealed (a
// concurrent duplicate waits on the row and then finds it voted; a cast whose snapshot predates the
// close finds the row sealed once the close commits), and the ballot is inserted only if the claim
// succeeded. Casts for oneself go in together with others of the moment (cast-batches.ts), under the
// same rules.
const CAST_PROXY_SQL = `
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'proxy'
  FROM votes v
  WHERE r.vote_id = $1::bigint AND r.member_id = $2::bigint AND r.proxy_member_id = ANY($5::bigint[])
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open'
  RETURNING r.province_code, r.weight
)
INSERT INTO vote_ballot_box (vote_id, province_code, receipt, choices, weight)
SELECT $1::bigint, province_code, $3::text, $4::smallint[], weight FROM claimed
RETURNING 1`;

export interface CastDeps extends Pick<DemocracyDeps, 'cipher'> {
  db: Db;
}

/**
 * Casts a ballot. Nothing about the voter reaches the ballot, nothing about the choices reaches the
 * roll, and nothing of the request is logged or audited beyond the roll's "voted".
 */
export async function castBallot(
  deps: CastDeps,
  context: RequestContext,
  voteId: number,
  input: { choices: number[]; clientKey: string; onBehalfOf?: number | undefined },
) {
  const shape = await ballotShape(deps.db, voteId);
  if (!shape) throw new AppError(404, 'not_found');
  if (!validChoices(shape, input.choices)) throw new AppError(422, 'democracy.invalid_choices');
  const receipt = receiptOf(deps, voteId, input.clientKey);
  const via = input.onBehalfOf === undefined ? 'self' : 'proxy';
  const own = via === 'proxy' ? await myMemberIds(deps.db, context.actor.userId) : [];
  const choices = `{${[...input.choices].sort((a, b) => a - b).join(',')}}`;
  const pool: pg.Pool = deps.db.$client;
  const attempt: CastAttempt = { via, onBehalfOf: input.onBehalfOf, own, receipt, choices };
  try {
    if (via === 'self') {
      const outcome = await castForSelf(pool, voteId, { userId: context.actor.userId, receipt, choices });
      if (outcome.taken) {
        scheduleMix(deps, voteId);
        return { receipt };
      }
      // The cast's own statement said why, unless the row looked claimable and still was not
      // (another cast or the close got there first): then ask again, after them.
      const answer = outcome.facts && judgeRefusal(outcome.facts, attempt);
      if (answer) return answer;
    } else {
      const { rowCount } = await pool.query({
        name: 'gonghui-cast-proxy',
        text: CAST_PROXY_SQL,
        values: [voteId, input.onBehalfOf, receipt, choices, own],
      });
      if (rowCount === 1) {
        scheduleMix(deps, voteId);
        return { receipt };
      }
    }
  } catch (error) {
    // The receipt is already in the box: this ballot form was sent by another voter.
    if ((error as { code?: string }).code === '23505') throw new AppError(409, 'democracy.form_used');
    throw error;
  }
  return refuseCast(deps, context, voteId, attempt);
}

interface CastAttempt {
  via: 'self' | 'proxy';
  onBehalfOf: number | undefined;
  own: number[];
  receipt: string;
  choices: string;
}

/**
 * The answer to a cast that was not taken, from what was seen of the vote and the roll: the
 * receipt again for a retry of a counted ballot form, else the refusal thrown. Null when the roll
 * row looked claimable, so the facts cannot say why it was not claimed.
 */
function judgeRefusal(found: RefusalFacts, attempt: CastAttempt): { receipt: string } | null {
  const onRoll = found.status !== null && found.voted !== null;
  const mayCast =
    onRoll &&
    (attempt.via === 'self'
      ? found.proxyMemberId === null
      : found.proxyMemberId !== null && attempt.own.includes(found.proxyMemberId));
  if (!mayCast) throw new AppError(403, 'democracy.not_on_roll');
  if (found.voted) {
    // The same ballot form sent again (a retry after a lost answer): same receipt, same choices.
    if (found.sameForm) return { receipt: attempt.receipt };
    throw new AppError(409, 'democracy.already_voted');
  }
  if (found.status !== 'open') throw new AppError(409, 'democracy.vote_state');
  return null;
}

// Why a cast did not go through, in one prepared query (refusals and retries come in bursts too):
// the vote's state, the voter's roll row, and whether this very ballot form is already counted.
const refusalSql = (voter: string) => `
SELECT v.status, r.voted, r.proxy_member_id,
       coalesce(r.voted AND vote_form_counted(v.id, v.province_code, $3, $4::smallint[]), false) AS same_form
FROM votes v LEFT JOIN vote_roll r ON r.vote_id = v.id AND ${voter}
WHERE v.id = $1::bigint
LIMIT 1`;
const REFUSAL_SELF_SQL = refusalSql('r.user_id = $2::uuid');
const REFUSAL_PROXY_SQL = refusalSql('r.member_id = $2::bigint');

/** Why a cast did not go through; a retry of a ballot that did is answered with its receipt. */
async function refuseCast(
  deps: CastDeps,
  context: RequestContext,
  voteId: number,
  attempt: CastAttempt,
): Promise<{ receipt: string }> {
  const self = attempt.via === 'self';
  const { rows } = await deps.db.$client.query<{
    status: string;
    voted: boolean | null;
    proxy_member_id: string | null;
    same_form: boolean;
  }>({
    name: self ? 'gonghui-cast-refusal-self' : 'gonghui-cast-refusal-proxy',
    text: self ? REFUSAL_SELF_SQL : REFUSAL_PROXY_SQL,
    values: [voteId, self ? context.actor.userId : attempt.onBehalfOf, attempt.receipt, attempt.choices],
  });
  const found = rows[0];
  const judged = judgeRefusal(
    {
      status: found?.status ?? null,
      voted: found?.voted ?? null,
      proxyMemberId: found?.proxy_member_id == null ? null : Number(found.proxy_member_id),
      sameForm: found?.same_form ?? false,
    },
    attempt,
  );
  if (judged) return judged;
  // On the roll, not voted, the vote open, and still not claimed: someone else's cast won.
  throw new AppError(409, 'democracy.already_voted');
}

// Mixing while the vote is open: after MIX_BATCH ballots and at most every MIX_INTERVAL_MS.
const MIX_BATCH = 50;
const MIX_INTERVAL_MS = 5000;
const pending = new Map<number, { count: number; last: number; running: boolean }>();

function scheduleMix(deps: CastDeps, voteId: number) {
  const state = pending.get(voteId) ?? { count: 0, last: Date.now(), running: false };
  state.count++;
  pending.set(voteId, state);
  if (state.running || state.count < MIX_BATCH || Date.now() - state.last < MIX_INTERVAL_MS) return;
  state.running = true;
  state.count = 0;
  state.last = Date.now();
  deps.db
    .transaction(async (tx) => {
      const [vote] = await tx.select({ status: votes.status }).from(votes).where(eq(votes.id, voteId));
      if (vote?.status === 'open') await mixBallots(tx, voteId, { all: false });
    })
    .catch(() => undefined) // the close mixes everything anyway
    .finally(() => {
      state.running = false;
    });
}

/** What the hall screen shows: attendance and quorum, the item under discussion, turnout or results. */
export async function sessionScreen(deps: DemocracyDeps, context: RequestContext, sessionId: number) {
  const session = await getSessionDetail(deps, context, sessionId);
  const rows = await deps.db.select().from(votes).where(eq(votes.sessionId, sessionId)).orderBy(asc(votes.id));
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
        votedCount: v.status === 'draft' ? 0 : await votedCount(deps.db, v.id),
        result: v.status === 'closed' ? (v.result as VoteResult) : null,
      })),
    ),
  };
}
