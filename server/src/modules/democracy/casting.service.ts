import { MOTION_CHOICES } from '@gonghui/contract';
import type pg from 'pg';
import type { Db, Executor } from '../../db/client';
import type { RequestContext } from '../../platform/access';
import { CROCKFORD_BASE32 } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import { castForProxy, castForSelf, type RefusalFacts, refusalFacts } from './ballot-box.repository';
import type { DemocracyDeps } from './congress.service';
import * as repo from './votes.repository';

// Casting a ballot: its shape checked, its receipt derived, the cast itself (grouped for oneself,
// alone for a proxy), the answer to a refused cast, and mixing while the vote is open. The secrecy
// argument is at the top of votes.service.ts.

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

export interface BallotShape {
  kind: string;
  mode: string;
  options: number;
  maxChoices: number;
}
// A vote's ballot shape cannot change once it is frozen, so it is read once per process.
const shapes = new Map<number, BallotShape>();

/** A vote's ballot: its kind, how it is kept (plain or encrypted), its options and how many may be chosen. */
export async function ballotShape(db: Executor, voteId: number): Promise<BallotShape | null> {
  const known = shapes.get(voteId);
  if (known) return known;
  const vote = await repo.findVoteRow(db, voteId);
  if (!vote) return null;
  const options = vote.kind === 'motion' ? MOTION_CHOICES.length : (await repo.candidatesOf(db, voteId)).length;
  const shape = {
    kind: vote.kind,
    mode: vote.ballotMode,
    options,
    maxChoices: vote.kind === 'motion' ? 1 : (vote.maxChoices ?? 1),
  };
  if (vote.status !== 'draft') shapes.set(voteId, shape);
  return shape;
}

function validChoices(shape: BallotShape, choices: readonly number[]) {
  if (new Set(choices).size !== choices.length) return false;
  if (choices.some((c) => c < 1 || c > shape.options)) return false;
  if (shape.kind === 'motion') return choices.length === 1;
  return choices.length <= shape.maxChoices;
}

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
  if (shape.mode === 'encrypted') throw new AppError(409, 'democracy.encrypted_only');
  if (!validChoices(shape, input.choices)) throw new AppError(422, 'democracy.invalid_choices');
  const receipt = receiptOf(deps, voteId, input.clientKey);
  const via = input.onBehalfOf === undefined ? 'self' : 'proxy';
  const own = via === 'proxy' ? await repo.memberIdsOfUser(deps.db, context.actor.userId) : [];
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
      const taken = await castForProxy(pool, voteId, {
        memberId: input.onBehalfOf!,
        proxyMemberIds: own,
        receipt,
        choices,
      });
      if (taken) {
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

/** Why a cast did not go through; a retry of a ballot that did is answered with its receipt. */
async function refuseCast(
  deps: CastDeps,
  context: RequestContext,
  voteId: number,
  attempt: CastAttempt,
): Promise<{ receipt: string }> {
  const facts = await refusalFacts(
    deps.db.$client,
    voteId,
    attempt.via === 'self' ? { userId: context.actor.userId } : { memberId: attempt.onBehalfOf! },
    attempt,
  );
  const judged = judgeRefusal(facts, attempt);
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
      const vote = await repo.findVoteRow(tx, voteId);
      if (vote?.status === 'open') await repo.mixBallots(tx, voteId, { all: false });
    })
    .catch(() => undefined) // the close mixes everything anyway
    .finally(() => {
      state.running = false;
    });
}

/** Forgets what this process keeps of a vote once it is closed. */
export function forgetVote(voteId: number) {
  shapes.delete(voteId);
  pending.delete(voteId);
}
