import { createHash, randomUUID } from 'node:crypto';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { type Ceremony, MOTION_CHOICES, type Trustees } from '@gonghui/contract';
import {
  BallotFormatError,
  BOARD_FORMAT,
  type Board,
  type BoardParameters,
  ballotFromWire,
  batchBallot,
  boardShape,
  type Ciphertext,
  type CommitmentWire,
  canonicalJson,
  ciphertextFrom,
  ciphertextTo,
  combineShares,
  decryptionShareFromWire,
  electionKey,
  encryptedTally,
  fingerprintOf,
  ProofBatch,
  pointHex,
  type SealedShareWire,
  shapeOf,
  sumValues,
  tallyContext,
  trusteeFromWire,
  trusteeToWire,
  verificationKey,
  verifyBallot,
  verifyCommitment,
  verifyDecryptionShare,
  type WireBallot,
  wireBallotJson,
} from '@gonghui/contract/ballots';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { loadInScope } from '../../platform/scope';
import { packBallot, unpackBallot } from './ballot-bytes';
import { ballotShape } from './casting.service';
import { findMemberInSubtree, presidiumWithAccounts } from './congress.repository';
import type { DemocracyDeps } from './congress.service';
import * as ballots from './encrypted.repository';
import { computeResult } from './tally';
import * as repo from './votes.repository';

/*
 * Encrypted votes (issue 23): the model Helios, Belenios and ElectionGuard share, on the primitives
 * of `@gonghui/contract/ballots`. The server carries messages and keeps the bulletin board; it never
 * holds a key that opens a ballot.
 *
 * - Trustees (members with accounts) make the election key together in their browsers: commitments,
 *   then shares sealed to each other (the server stores them sealed), then each accepts what it
 *   received. Their key shares stay in their browsers or files.
 * - Voters' devices encrypt their choices under that key, with proofs; the server stores the
 *   ciphertexts, keyed by their hash (the tracker), and marks the roll. The tracker may be linked to
 *   the voter: it reveals nothing without a threshold of trustees, who only ever decrypt the sum.
 * - At close the ballots' proofs are checked in batches (acceptance is not slowed by them); a ballot
 *   whose proofs fail is set aside and counted as invalid. The weighted sum of the rest is the
 *   encrypted tally. Once `threshold` trustees have sent proven decryption shares, the totals are
 *   opened and the unchanged rules engine computes the result.
 */

const BATCH = 250;

type VoteRow = repo.VoteRow;
type WireParts = NonNullable<Board['tally']>['shares'][number]['parts'];

/** How far a trustee has come. */
function stageOf(trustee: ballots.TrusteeRow) {
  if (trustee.decryptedAt) return 'decrypted' as const;
  if (trustee.complaint?.length) return 'complained' as const;
  if (trustee.acceptedAt) return 'accepted' as const;
  if (trustee.sharesSentAt) return 'shared' as const;
  if (trustee.commitment) return 'committed' as const;
  return 'named' as const;
}

type TrusteeList = Awaited<ReturnType<typeof ballots.trusteesOf>>;

const keyReadyOf = (list: TrusteeList) =>
  list.length > 0 && list.every(({ trustee }) => trustee.acceptedAt !== null && !trustee.complaint?.length);
const complaintOf = (list: TrusteeList) => {
  const named = list.flatMap(({ trustee }) => trustee.complaint ?? []);
  return named.length ? [...new Set(named)].sort((a, b) => a - b) : null;
};

/** A trustee as the vote's view and the ceremony show it: place, member, name, how far. */
const trusteeEntry = ({ trustee, name }: TrusteeList[number]) => ({
  index: trustee.position,
  memberId: trustee.memberId,
  name,
  stage: stageOf(trustee),
});

/** The trustees part of a vote's view: who, how far, and whether the key exists. */
export async function trusteesSummary(db: Executor, vote: VoteRow): Promise<Trustees | null> {
  if (vote.ballotMode !== 'encrypted') return null;
  const list = await ballots.trusteesOf(db, vote.id);
  return {
    threshold: vote.threshold ?? 0,
    trustees: list.map(trusteeEntry),
    keyReady: keyReadyOf(list),
    complaint: complaintOf(list),
    decrypted: list.filter(({ trustee }) => trustee.decryptedAt).length,
  };
}

/** Refuses an encrypted vote's opening until its trustees have made the key. */
export async function requireKey(db: Executor, vote: VoteRow) {
  if (vote.ballotMode !== 'encrypted') return;
  const list = await ballots.trusteesOf(db, vote.id);
  if (list.length === 0) throw new AppError(409, 'democracy.trustees_needed');
  if (!keyReadyOf(list)) throw new AppError(409, 'democracy.key_not_ready');
}

/** Names the trustees (members of the union with accounts) and the threshold; restarts the ceremony. */
export async function setTrustees(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { memberNumbers: string[]; threshold: number },
) {
  const view = await loadInScope(deps.db, context, repo.VOTE, id, 'democracy.manage');
  if (view.vote.ballotMode !== 'encrypted') throw new AppError(409, 'democracy.not_encrypted');
  const memberIds: number[] = [];
  for (const [at, memberNumber] of input.memberNumbers.entries()) {
    const member = await findMemberInSubtree(deps.db, memberNumber, view.path);
    if (member?.status !== 'active' || !member.userId)
      throw new ValidationProblem([
        { field: `memberNumbers.${at}`, messageKey: 'problem.democracy.trustee_no_account', params: { memberNumber } },
      ]);
    memberIds.push(member.id);
  }
  await deps.db.transaction(async (tx) => {
    const locked = (await repo.lockVote(tx, id))!;
    if (locked.status !== 'draft' && locked.status !== 'frozen') throw new AppError(409, 'democracy.vote_state');
    await nameTrustees(tx, context, locked, memberIds, input.threshold);
  });
}

/** Names the trustees of a vote not yet open, in the caller's transaction, with a fresh election identifier. */
async function nameTrustees(
  tx: Executor,
  context: RequestContext,
  vote: Pick<VoteRow, 'id' | 'provinceCode' | 'organisationId'>,
  memberIds: number[],
  threshold: number,
) {
  await ballots.replaceTrustees(tx, vote.id, vote.provinceCode, memberIds);
  // A fresh identifier: nothing of an earlier ceremony can be replayed into this one.
  await repo.updateVote(tx, vote.id, { threshold, election: `gonghui:vote:${vote.id}:${randomUUID()}` });
  await recordAudit(tx, context, {
    action: 'vote.trustees',
    subjectType: 'vote',
    subjectId: vote.id,
    organisationId: vote.organisationId,
    changes: { trustees: memberIds, threshold },
  });
}

/** The presidium's default: three trustees, any two of whom decrypt. */
const PRESIDIUM_TRUSTEES = 3;
const PRESIDIUM_THRESHOLD = 2;

/**
 * A new encrypted vote of a congress session takes the first three members of its presidium who
 * have accounts as trustees, any two needed (the cadre may name others before it opens). Without
 * three such members, it waits for the cadre to name them.
 */
export async function presidiumTrustees(
  tx: Executor,
  context: RequestContext,
  vote: Pick<VoteRow, 'id' | 'provinceCode' | 'organisationId'>,
  sessionId: number,
) {
  const presidium = await presidiumWithAccounts(tx, sessionId);
  if (presidium.length < PRESIDIUM_TRUSTEES) return;
  const memberIds = presidium.slice(0, PRESIDIUM_TRUSTEES).map((row) => row.memberId);
  await nameTrustees(tx, context, vote, memberIds, PRESIDIUM_THRESHOLD);
}

interface TrusteeAccess {
  vote: VoteRow;
  list: TrusteeList;
  /** The signed-in member's place among the trustees, or null for a cadre looking on. */
  myIndex: number | null;
}

/** The vote and its trustees, for one of its trustees or (read-only) a cadre in scope. */
async function trusteeAccess(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  mustBeTrustee: boolean,
): Promise<TrusteeAccess> {
  const view = await repo.findVote(deps.db, id);
  if (view && view.vote.ballotMode === 'encrypted') {
    const list = await ballots.trusteesOf(deps.db, id);
    const mine = list.find(({ userId }) => userId === context.actor.userId);
    if (mine) return { vote: view.vote, list, myIndex: mine.trustee.position };
    if (isWithin(view.path, context.actor.grants.get('democracy.read') ?? [])) {
      if (mustBeTrustee) throw new AppError(403, 'democracy.not_trustee');
      return { vote: view.vote, list, myIndex: null };
    }
  }
  if (
    view &&
    view.vote.ballotMode !== 'encrypted' &&
    isWithin(view.path, context.actor.grants.get('democracy.read') ?? [])
  )
    throw new AppError(409, 'democracy.not_encrypted');
  return refuseOutOfScope(deps.db, context, { type: 'vote', id, exists: async () => view !== null });
}

/** A trustee's commitment as stored: as it sent it, with its name at the time. */
type StoredCommitment = CommitmentWire & { name?: string };
const sentCommitment = (stored: unknown): CommitmentWire | null => {
  if (!stored) return null;
  const { name: _name, ...sent } = stored as StoredCommitment;
  return sent;
};

const allCommitted = (list: TrusteeList) => list.every(({ trustee }) => trustee.commitment !== null);
const commitmentsOf = (list: TrusteeList) =>
  list.map(({ trustee }) => trusteeFromWire({ ...(trustee.commitment as CommitmentWire), name: '' }));

/** The board's parameters; trustees as far as they have committed. */
async function parametersOf(db: Executor, vote: VoteRow, list: TrusteeList): Promise<BoardParameters> {
  const candidates = vote.kind === 'motion' ? [] : await repo.candidatesOf(db, vote.id);
  return {
    election: vote.election ?? '',
    title: vote.title,
    kind: vote.kind as 'motion' | 'election',
    options: vote.kind === 'motion' ? [...MOTION_CHOICES] : candidates.map((c) => c.name),
    maxChoices: vote.kind === 'motion' ? 1 : (vote.maxChoices ?? 1),
    threshold: vote.threshold ?? 1,
    // Each trustee under the name it had when it committed (stored with the commitment): the
    // fingerprint every proof is bound to must not move when a member's record is corrected.
    trustees: list
      .filter(({ trustee }) => trustee.commitment)
      .map(({ trustee, name }) => {
        const stored = trustee.commitment as StoredCommitment;
        return trusteeToWire(stored.name ?? name, trusteeFromWire({ ...stored, name: '' }));
      }),
  };
}

interface StoredTally {
  ciphertexts: { a: string; b: string }[];
  /** Once decrypted: per option, then blank for an election. */
  totals?: number[];
  ballots: number;
  invalid: number;
  castWeight: number;
}

async function ceremonyView(deps: DemocracyDeps, access: TrusteeAccess): Promise<Ceremony> {
  const { vote, list, myIndex } = access;
  const committed = allCommitted(list);
  const fingerprint = committed ? fingerprintOf(await parametersOf(deps.db, vote, list)) : null;
  const commitments = committed ? commitmentsOf(list) : null;
  const mine = list.find(({ trustee }) => trustee.position === myIndex);
  const sealed = myIndex ? await ballots.sealedSharesTo(deps.db, vote.id, myIndex) : [];
  const tally = vote.encryptedTally as StoredTally | null;
  return {
    voteId: vote.id,
    title: vote.title,
    status: vote.status as Ceremony['status'],
    election: vote.election ?? '',
    threshold: vote.threshold ?? 0,
    trustees: list.map((entry) => ({
      ...trusteeEntry(entry),
      commitment: sentCommitment(entry.trustee.commitment),
      verificationKey: commitments ? pointHex(verificationKey(commitments, entry.trustee.position)) : null,
    })),
    myIndex,
    sealedForMe: sealed.map((row) => row.share as SealedShareWire),
    sharesSent: Boolean(mine?.trustee.sharesSentAt),
    keyReady: keyReadyOf(list),
    complaint: complaintOf(list),
    fingerprint,
    tally: tally ? tally.ciphertexts : null,
  };
}

export async function getCeremony(deps: DemocracyDeps, context: RequestContext, id: number) {
  return ceremonyView(deps, await trusteeAccess(deps, context, id, false));
}

/** Runs one trustee's step in a transaction with the vote locked, then answers the ceremony as it now is. */
async function trusteeStep(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  step: (tx: Executor, access: TrusteeAccess & { myIndex: number }) => Promise<Record<string, unknown> | null>,
) {
  const before = await trusteeAccess(deps, context, id, true);
  await deps.db.transaction(async (tx) => {
    const vote = (await repo.lockVote(tx, id))!;
    const list = await ballots.trusteesOf(tx, id);
    const changes = await step(tx, { vote, list, myIndex: before.myIndex! });
    if (changes)
      await recordAudit(tx, context, {
        action: changes.decrypted ? 'vote.decrypt' : 'vote.ceremony',
        subjectType: 'vote',
        subjectId: id,
        organisationId: vote.organisationId,
        changes: { trustee: before.myIndex, ...changes },
      });
  });
  return getCeremony(deps, context, id);
}

const beforeOpening = (vote: VoteRow) => vote.status === 'draft' || vote.status === 'frozen';

/** Round 1: a trustee's commitments and transport key, checked (its proof of knowledge included). */
export function postCommitment(deps: DemocracyDeps, context: RequestContext, id: number, commitment: CommitmentWire) {
  return trusteeStep(deps, context, id, async (tx, { vote, list, myIndex }) => {
    const mine = list.find(({ trustee }) => trustee.position === myIndex)!;
    // The same keys sent again (an answer lost on the way back; the proof is made afresh) are already in.
    const stored = mine.trustee.commitment as CommitmentWire | null;
    if (
      stored &&
      stored.transportKey === commitment.transportKey &&
      canonicalJson(stored.coefficients) === canonicalJson(commitment.coefficients)
    )
      return null;
    if (!beforeOpening(vote) || mine.trustee.commitment) throw new AppError(409, 'democracy.ceremony_state');
    let valid = commitment.index === myIndex;
    try {
      valid &&= verifyCommitment(vote.election!, trusteeFromWire({ ...commitment, name: '' }), vote.threshold!);
    } catch (error) {
      if (!(error instanceof BallotFormatError)) throw error;
      valid = false;
    }
    if (!valid) throw new AppError(422, 'democracy.commitment_invalid');
    await ballots.updateTrustee(tx, id, myIndex, { commitment: { ...commitment, name: mine.name } });
    return { step: 'commitment' };
  });
}

/** Round 2: one share for every other trustee, sealed to them; the server only carries them. */
export function postShares(deps: DemocracyDeps, context: RequestContext, id: number, shares: SealedShareWire[]) {
  return trusteeStep(deps, context, id, async (tx, { vote, list, myIndex }) => {
    const mine = list.find(({ trustee }) => trustee.position === myIndex)!;
    if (mine.trustee.sharesSentAt) return null;
    if (!beforeOpening(vote) || !allCommitted(list)) throw new AppError(409, 'democracy.ceremony_state');
    const others = list.map(({ trustee }) => trustee.position).filter((position) => position !== myIndex);
    const to = new Set(shares.map((share) => share.to));
    if (
      shares.length !== others.length ||
      to.size !== others.length ||
      others.some((position) => !to.has(position)) ||
      shares.some((share) => share.from !== myIndex)
    )
      throw new AppError(422, 'democracy.shares_invalid');
    if (shares.length)
      await ballots.insertSealedShares(
        tx,
        id,
        vote.provinceCode,
        shares.map((share) => ({ from: share.from, to: share.to, share })),
      );
    await ballots.updateTrustee(tx, id, myIndex, { sharesSentAt: new Date() });
    return { step: 'shares' };
  });
}

/** Round 3: every share received matched (the key share is made), or these senders' did not. */
export function acceptShares(deps: DemocracyDeps, context: RequestContext, id: number, badSenders: number[]) {
  return trusteeStep(deps, context, id, async (tx, { vote, list, myIndex }) => {
    const mine = list.find(({ trustee }) => trustee.position === myIndex)!;
    if (mine.trustee.acceptedAt && badSenders.length === 0) return null;
    if (!beforeOpening(vote) || !list.every(({ trustee }) => trustee.sharesSentAt) || mine.trustee.acceptedAt)
      throw new AppError(409, 'democracy.ceremony_state');
    if (badSenders.length) {
      await ballots.updateTrustee(tx, id, myIndex, { complaint: [...new Set(badSenders)] });
      return { step: 'complaint', badSenders };
    }
    await ballots.updateTrustee(tx, id, myIndex, { acceptedAt: new Date(), complaint: null });
    return { step: 'accepted' };
  });
}

// ---- casting ----

/**
 * Casts a ballot encrypted on the voter's device. Its shape is checked here and its proofs at close;
 * the tracker is its hash. A retry of the same ballot answers the same tracker.
 */
export async function castEncrypted(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { ballot: WireBallot; onBehalfOf?: number | undefined },
) {
  // The same per-process cache of the vote's ballot as plain casts read (casting.service.ts).
  const shape = await ballotShape(deps.db, id);
  if (!shape) throw new AppError(404, 'not_found');
  if (shape.mode !== 'encrypted') throw new AppError(409, 'democracy.not_encrypted');
  const rules = shapeOf(shape.kind as 'motion' | 'election', shape.options, shape.maxChoices);
  const { ballot } = input;
  if (
    ballot.marks.length !== rules.options + (rules.blank ? 1 : 0) ||
    ballot.marks.some((mark) => mark.proof.length !== 2) ||
    ballot.sumProof.length !== sumValues(rules).length
  )
    throw new AppError(422, 'democracy.ballot_shape');
  // The tracker is the SHA-256 of the ballot's canonical JSON (board.ts, trackerOf), computed here
  // with the engine's serializer and Node's hash: the same value, a fraction of the time.
  const tracker = createHash('sha256').update(wireBallotJson(ballot)).digest('hex');
  const packed = packBallot(ballot);
  const self = input.onBehalfOf === undefined;
  const own = self ? [] : await repo.memberIdsOfUser(deps.db, context.actor.userId);
  try {
    const taken = await ballots.castEncrypted(
      deps.db.$client,
      id,
      self
        ? { tracker, ballot: packed, userId: context.actor.userId }
        : { tracker, ballot: packed, memberId: input.onBehalfOf!, proxyMemberIds: own },
    );
    if (taken) return { tracker };
  } catch (error) {
    if ((error as { code?: string }).code === '23505') throw new AppError(409, 'democracy.ballot_used');
    throw error;
  }
  const facts = await ballots.encryptedRefusalFacts(
    deps.db.$client,
    id,
    self ? { userId: context.actor.userId } : { memberId: input.onBehalfOf! },
  );
  const onRoll = facts.status !== null && facts.voted !== null;
  const mayCast =
    onRoll && (self ? facts.proxyMemberId === null : facts.proxyMemberId !== null && own.includes(facts.proxyMemberId));
  if (!mayCast) throw new AppError(403, 'democracy.not_on_roll');
  if (facts.voted) {
    if (facts.tracker === tracker) return { tracker };
    throw new AppError(409, 'democracy.already_voted');
  }
  if (facts.status !== 'open') throw new AppError(409, 'democracy.vote_state');
  throw new AppError(409, 'democracy.already_voted');
}

// ---- close, tally, decryption ----

/** The close of an encrypted vote, inside the close's transaction: the roll sealed, the count checked. */
export async function closeEncrypted(tx: Executor, id: number) {
  await ballots.sealRoll(tx, id);
  const check = await ballots.encryptedBallotsAndVoters(tx, id);
  if (check.ballots !== check.voted) throw new AppError(500, 'democracy.ballots_mismatch');
  await repo.updateVote(tx, id, { status: 'tallying', closedAt: new Date() });
  encryptions.delete(id);
  return { ballots: check.ballots };
}

/**
 * After the close: every ballot's proofs checked (in batches, yielding between them so the server
 * keeps answering), the invalid set aside, the rest summed into the encrypted tally.
 */
export async function tallyEncrypted(deps: DemocracyDeps, id: number) {
  const vote = (await repo.findVoteRow(deps.db, id))!;
  const list = await ballots.trusteesOf(deps.db, id);
  const parameters = await parametersOf(deps.db, vote, list);
  const fingerprint = fingerprintOf(parameters);
  const key = electionKey(commitmentsOf(list));
  const shape = boardShape(parameters);
  const rows = await ballots.encryptedBallots(deps.db, id);
  const invalid: string[] = [];
  const valid: { weight: number; marks: Ciphertext[] }[] = [];
  for (let from = 0; from < rows.length; from += BATCH) {
    const chunk = rows.slice(from, from + BATCH).map((row) => {
      try {
        return { row, ballot: ballotFromWire(unpackBallot(row.ballot)) };
      } catch (error) {
        if (!(error instanceof BallotFormatError)) throw error;
        invalid.push(row.tracker);
        return null;
      }
    });
    const decoded = chunk.filter((entry) => entry !== null);
    const batch = new ProofBatch(key);
    const together = decoded.every(({ ballot }) => batchBallot(batch, fingerprint, shape, ballot)) && batch.holds();
    for (const { row, ballot } of decoded) {
      if (together || verifyBallot(key, fingerprint, shape, ballot))
        valid.push({ weight: row.weight, marks: ballot.marks.map((mark) => mark.ciphertext) });
      else invalid.push(row.tracker);
    }
    await yieldToOthers();
  }
  const sums = encryptedTally(shape, valid);
  const stored: StoredTally = {
    ciphertexts: sums.map(ciphertextTo),
    ballots: valid.length,
    invalid: invalid.length,
    castWeight: valid.reduce((sum, ballot) => sum + ballot.weight, 0),
  };
  await deps.db.transaction(async (tx) => {
    await ballots.markChecked(tx, id, invalid);
    await repo.updateVote(tx, id, { encryptedTally: stored });
  });
}

/**
 * A trustee's decryption shares of the tally, each proven against the trustee's verification key.
 * Once `threshold` trustees' shares are in, the totals are opened and the result computed.
 */
export function postDecryption(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  parts: { share: string; proof: { A: string; B: string; c: string; v: string } }[],
) {
  return trusteeStep(deps, context, id, async (tx, { vote, list, myIndex }) => {
    const mine = list.find(({ trustee }) => trustee.position === myIndex)!;
    if (mine.trustee.decryptedAt) return null;
    const tally = vote.encryptedTally as StoredTally | null;
    if (vote.status !== 'tallying' || !tally) throw new AppError(409, 'democracy.ceremony_state');
    const sums = tally.ciphertexts.map(ciphertextFrom);
    const fingerprint = fingerprintOf(await parametersOf(tx, vote, list));
    const verifying = verificationKey(commitmentsOf(list), myIndex);
    let valid = parts.length === sums.length;
    try {
      valid &&= parts.every((part, at) =>
        verifyDecryptionShare(
          tallyContext(fingerprint),
          verifying,
          sums[at]!,
          at,
          decryptionShareFromWire(myIndex, part),
        ),
      );
    } catch (error) {
      if (!(error instanceof BallotFormatError)) throw error;
      valid = false;
    }
    if (!valid) throw new AppError(422, 'democracy.decryption_invalid');
    await ballots.updateTrustee(tx, id, myIndex, { decryption: parts, decryptedAt: new Date() });
    const decided = [
      ...list.filter(({ trustee }) => trustee.decryptedAt && trustee.position !== myIndex),
      { ...mine, trustee: { ...mine.trustee, decryption: parts } },
    ];
    if (decided.length >= (vote.threshold ?? 1)) await openTally(tx, vote, tally, sums, decided);
    return { decrypted: true, resultPublished: decided.length >= (vote.threshold ?? 1) };
  });
}

/** Opens the totals from the trustees' shares and stores the result the rules engine computes. */
async function openTally(tx: Executor, vote: VoteRow, tally: StoredTally, sums: Ciphertext[], decided: TrusteeList) {
  const most = tally.castWeight * Math.max(1, vote.maxChoices ?? 1);
  const totals = sums.map((sum, at) =>
    combineShares(
      sum,
      decided.map(({ trustee }) => decryptionShareFromWire(trustee.position, (trustee.decryption as WireParts)[at]!)),
      most,
    ),
  );
  // Every share was proven, so they open the tally; a null here means the data itself is corrupt.
  if (totals.some((total) => total === null)) throw new AppError(500, 'democracy.ballots_mismatch');
  const opened = totals as number[];
  const candidates = await repo.candidatesOf(tx, vote.id);
  const options = vote.kind === 'motion' ? MOTION_CHOICES.length : candidates.length;
  const attendance = vote.sessionId ? await repo.attendanceWeight(tx, vote.id, vote.sessionId) : 0;
  const result = computeResult(vote, candidates, {
    ballots: tally.ballots,
    castWeight: tally.castWeight,
    blankWeight: vote.kind === 'election' ? opened[options]! : 0,
    attendanceWeight: attendance,
    votes: opened.slice(0, options),
  });
  await repo.updateVote(tx, vote.id, {
    status: 'closed',
    result: { ...result, invalidBallots: tally.invalid },
    encryptedTally: { ...tally, totals: opened },
  });
}

// ---- the bulletin board ----

/** An encrypted vote whose key exists, for a voter on its roll, one of its trustees, or a cadre in scope. */
async function boardAccess(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = await repo.findVote(deps.db, id);
  const allowed =
    view &&
    (isWithin(view.path, context.actor.grants.get('democracy.read') ?? []) ||
      (await repo.anyOnRoll(deps.db, id, await repo.memberIdsOfUser(deps.db, context.actor.userId))) ||
      (await ballots.trusteesOf(deps.db, id)).some(({ userId }) => userId === context.actor.userId));
  if (!view || !allowed)
    return refuseOutOfScope(deps.db, context, { type: 'vote', id, exists: async () => view !== null });
  const vote = view.vote;
  if (vote.ballotMode !== 'encrypted') throw new AppError(409, 'democracy.not_encrypted');
  const list = await ballots.trusteesOf(deps.db, id);
  if (!keyReadyOf(list)) throw new AppError(409, 'democracy.key_not_ready');
  return { vote, list };
}

/** The bulletin board of an encrypted vote. */
export async function getBoard(deps: DemocracyDeps, context: RequestContext, id: number): Promise<Board> {
  const { vote, list } = await boardAccess(deps, context, id);
  return buildBoard(deps, vote, list);
}

/** Whether a tracker is on the board, and (after the close) whether its ballot was counted. */
export async function findTracker(deps: DemocracyDeps, context: RequestContext, id: number, tracker: string) {
  await boardAccess(deps, context, id);
  const row = await ballots.encryptedBallot(deps.db, id, tracker.toLowerCase());
  return { found: row !== undefined && row.valid !== false, counted: row ? row.valid : null };
}

/** What a voter's device encrypts under: the election key and the fingerprint its proofs are bound to. */
export interface BallotEncryption {
  publicKey: string;
  fingerprint: string;
  kind: 'motion' | 'election';
  options: string[];
  maxChoices: number;
}

// An open vote's parameters cannot change (its trustees and candidates are fixed once it opens),
// so what a voter's device encrypts under is worked out once per process.
const encryptions = new Map<number, BallotEncryption>();

export async function encryptionOf(deps: DemocracyDeps, vote: VoteRow): Promise<BallotEncryption | null> {
  if (vote.ballotMode !== 'encrypted' || vote.status !== 'open') return null;
  const known = encryptions.get(vote.id);
  if (known) return known;
  const list = await ballots.trusteesOf(deps.db, vote.id);
  const parameters = await parametersOf(deps.db, vote, list);
  const encryption = {
    publicKey: pointHex(electionKey(commitmentsOf(list))),
    fingerprint: fingerprintOf(parameters),
    kind: parameters.kind,
    options: parameters.options,
    maxChoices: parameters.maxChoices,
  };
  encryptions.set(vote.id, encryption);
  return encryption;
}

/** The board from the database: what `gonghui verify-election` checks. */
export async function buildBoard(deps: DemocracyDeps, vote: VoteRow, list: TrusteeList): Promise<Board> {
  const parameters = await parametersOf(deps.db, vote, list);
  const tally = vote.encryptedTally as StoredTally | null;
  const [roll, rows] = await Promise.all([
    ballots.rollForBoard(deps.db, vote.id),
    // Once checked, the board holds the ballots that are counted; before, every ballot received.
    ballots.encryptedBallots(deps.db, vote.id, tally !== null),
  ]);
  const decided = list.filter(({ trustee }) => trustee.decryption);
  return {
    format: BOARD_FORMAT,
    parameters,
    fingerprint: fingerprintOf(parameters),
    publicKey: pointHex(electionKey(commitmentsOf(list))),
    roll: roll
      .map((voter) => ({
        entry: deps.cipher.blindIndex(`vote-roll:${vote.election}:${voter.memberId}`).toString('hex'),
        weight: voter.weight,
        proxy: voter.proxy,
      }))
      .sort((x, y) => x.entry.localeCompare(y.entry)),
    ballots: rows.map((row) => ({
      tracker: row.tracker,
      weight: row.weight,
      ballot: unpackBallot(row.ballot),
    })),
    tally:
      tally && vote.status === 'closed'
        ? {
            ciphertexts: tally.ciphertexts,
            shares: decided.map(({ trustee }) => ({
              trustee: trustee.position,
              parts: trustee.decryption as WireParts,
            })),
            totals: tally.totals ?? [],
          }
        : null,
  };
}

// ---- the trustee's own list ----

export async function myTrusteeships(deps: DemocracyDeps, context: RequestContext) {
  const own = await repo.memberIdsOfUser(deps.db, context.actor.userId);
  if (own.length === 0) return { items: [] };
  const rows = await ballots.trusteeshipsOf(deps.db, own);
  const items = [];
  for (const row of rows) {
    const list = await ballots.trusteesOf(deps.db, row.vote.id);
    const stage = stageOf(row.trustee);
    const early = beforeOpening(row.vote);
    const actionNeeded =
      (early && stage === 'named') ||
      (early && stage === 'committed' && allCommitted(list)) ||
      (early && stage === 'shared' && list.every(({ trustee }) => trustee.sharesSentAt)) ||
      (row.vote.status === 'tallying' && row.vote.encryptedTally !== null && stage !== 'decrypted');
    items.push({
      voteId: row.vote.id,
      title: row.vote.title,
      organisationName: row.organisationName,
      status: row.vote.status as Ceremony['status'],
      index: row.trustee.position,
      stage,
      actionNeeded,
    });
  }
  return { items };
}
