import type { z } from 'zod';
import {
  type BallotShape,
  batchBallot,
  canonicalJson,
  type EncryptedBallot,
  sha256Hex,
  shapeOf,
  verifyBallot,
} from './ballot';
import { BallotFormatError, Point, pointFrom, pointHex, scalarFrom, scalarHex } from './group';
import { addCiphertexts, type Branch, type Ciphertext, type Knowledge, ProofBatch, scaleCiphertext } from './proofs';
import {
  combineShares,
  type DecryptionShare,
  electionKey,
  type SealedShare,
  type TrusteeCommitment,
  verificationKey,
  verifyCommitment,
  verifyDecryptionShare,
} from './trustees';
import {
  type Board,
  type BoardParameters,
  boardSchema,
  type branchWire,
  type ciphertextWire,
  type SealedShareWire,
  type WireBallot,
} from './wire';

export * from './wire';

/** Ballots per batch check: large enough for Pippenger to pay, small enough to report progress. */
const BATCH = 250;

// The bulletin board of a secret vote: one public JSON document holding everything needed to check
// the result without trusting anyone — the vote's parameters and trustees, the hashed roll, every
// ballot with its proofs, the encrypted tally, the trustees' decryption shares with their proofs, and
// the totals. `verifyBoard` recomputes all of it; `gonghui verify-election FILE` and the browser's
// verification page both run it.

// Between the board's JSON and the values the proofs compute with.

const branchTo = (branch: Branch) => ({
  A: pointHex(branch.A),
  B: pointHex(branch.B),
  c: scalarHex(branch.c),
  v: scalarHex(branch.v),
});
const branchFrom = (wire: z.infer<typeof branchWire>): Branch => ({
  A: pointFrom(wire.A),
  B: pointFrom(wire.B),
  c: scalarFrom(wire.c),
  v: scalarFrom(wire.v),
});
export const ciphertextTo = (ciphertext: Ciphertext) => ({ a: pointHex(ciphertext.a), b: pointHex(ciphertext.b) });
export const ciphertextFrom = (wire: z.infer<typeof ciphertextWire>): Ciphertext => ({
  a: pointFrom(wire.a),
  b: pointFrom(wire.b),
});

export const ballotToWire = (ballot: EncryptedBallot): WireBallot => ({
  formKey: ballot.formKey,
  marks: ballot.marks.map((mark) => ({ ciphertext: ciphertextTo(mark.ciphertext), proof: mark.proof.map(branchTo) })),
  sumProof: ballot.sumProof.map(branchTo),
});
export const ballotFromWire = (wire: WireBallot): EncryptedBallot => ({
  formKey: wire.formKey,
  marks: wire.marks.map((mark) => ({ ciphertext: ciphertextFrom(mark.ciphertext), proof: mark.proof.map(branchFrom) })),
  sumProof: wire.sumProof.map(branchFrom),
});

export const trusteeToWire = (name: string, commitment: TrusteeCommitment): BoardParameters['trustees'][number] => ({
  index: commitment.index,
  name,
  transportKey: pointHex(commitment.transportKey),
  coefficients: commitment.coefficients.map(pointHex),
  proof: { A: pointHex(commitment.proof.A), c: scalarHex(commitment.proof.c), v: scalarHex(commitment.proof.v) },
});
export const trusteeFromWire = (wire: BoardParameters['trustees'][number]): TrusteeCommitment => ({
  index: wire.index,
  transportKey: pointFrom(wire.transportKey),
  coefficients: wire.coefficients.map(pointFrom),
  proof: { A: pointFrom(wire.proof.A), c: scalarFrom(wire.proof.c), v: scalarFrom(wire.proof.v) } satisfies Knowledge,
});

export const sealedShareToWire = (share: SealedShare): SealedShareWire => ({
  from: share.from,
  to: share.to,
  ephemeral: pointHex(share.ephemeral),
  masked: scalarHex(share.masked),
});
export const sealedShareFromWire = (wire: SealedShareWire): SealedShare => ({
  from: wire.from,
  to: wire.to,
  ephemeral: pointFrom(wire.ephemeral),
  masked: scalarFrom(wire.masked),
});
export const decryptionShareFromWire = (
  trustee: number,
  wire: { share: string; proof: z.infer<typeof branchWire> },
): DecryptionShare => ({ trustee, share: pointFrom(wire.share), proof: branchFrom(wire.proof) });

export const decryptionShareToWire = (share: DecryptionShare) => ({
  share: pointHex(share.share),
  proof: branchTo(share.proof),
});

/** The election's fingerprint: the hash of its parameters, bound into every proof of the vote. */
export const fingerprintOf = (parameters: BoardParameters) => sha256Hex(canonicalJson(parameters));

/** A ballot's tracker: the hash of the ballot as the board holds it. The voter keeps it. */
export const trackerOf = (ballot: WireBallot) => sha256Hex(canonicalJson(ballot));

export const boardShape = (parameters: BoardParameters): BallotShape =>
  shapeOf(parameters.kind, parameters.options.length, parameters.maxChoices);

/** The encrypted tally: each ballot's marks times its weight, added up, mark by mark. */
export function encryptedTally(
  shape: BallotShape,
  ballots: readonly { weight: number; marks: readonly Ciphertext[] }[],
) {
  const slots = shape.options + (shape.blank ? 1 : 0);
  const sums: Ciphertext[] = Array.from({ length: slots }, () => ({ a: Point.ZERO, b: Point.ZERO }));
  for (const ballot of ballots)
    for (let at = 0; at < slots; at++)
      sums[at] = addCiphertexts(sums[at]!, scaleCiphertext(ballot.marks[at]!, BigInt(ballot.weight)));
  return sums;
}

/** The context of the tally's decryption shares: the election's fingerprint. */
export const tallyContext = (fingerprint: string) => `${fingerprint}/tally`;

/** What the verifier checks, in order; a failure names the check and what failed it. */
export const BOARD_CHECKS = [
  'format',
  'fingerprint',
  'trustees',
  'election_key',
  'roll',
  'trackers',
  'unique_ballots',
  'eligibility',
  'ballot_proofs',
  'encrypted_tally',
  'decryption_shares',
  'totals',
] as const;
export type BoardCheck = (typeof BOARD_CHECKS)[number];

/** Why a check can fail: each has its message, `ballots.failure.<reason>`, in both languages. */
export const BOARD_FAILURES = [
  'shape',
  'element',
  'fingerprint',
  'numbering',
  'threshold',
  'commitment',
  'election_key',
  'roll_twice',
  'tracker',
  'ballot_twice',
  'eligibility',
  'ballot_proof',
  'encrypted_tally',
  'trustee_twice',
  'not_trustee',
  'share_missing',
  'share_proof',
  'too_few',
  'no_opening',
  'totals',
] as const;

/**
 * Why a check failed: a key of the verifier's messages (democracy.messages.ts) and its parameters
 * (a tracker, a trustee's number).
 */
export interface BoardFailure {
  reason: (typeof BOARD_FAILURES)[number];
  params: Record<string, string | number>;
}

type Fail = (check: BoardCheck, reason: BoardFailure['reason'], params?: BoardFailure['params']) => BoardVerdict;

export interface BoardVerdict {
  ok: boolean;
  checks: ({ check: BoardCheck; ok: true } | ({ check: BoardCheck; ok: false } & BoardFailure))[];
  /** The decrypted totals, per option then blank, once every check has passed. */
  totals?: number[];
}

/**
 * Verifies a bulletin board from its contents alone. Each check runs in order and reports; a
 * check that later ones depend on stops the run when it fails (nothing is trusted that was not
 * checked).
 */
export function verifyBoard(input: unknown, onProgress?: (done: number, of: number) => void): BoardVerdict {
  const checks: BoardVerdict['checks'] = [];
  const fail: Fail = (check, reason, params = {}) => {
    checks.push({ check, ok: false, reason, params });
    return { ok: false, checks };
  };
  const pass = (check: BoardCheck) => checks.push({ check, ok: true as const });
  const parsed = boardSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return fail('format', 'shape', { where: issue.path.join('.') || '/' });
  }
  const board = parsed.data;
  pass('format');
  try {
    return verifyParsed(board, checks, fail, pass, onProgress);
  } catch (error) {
    // Points are decoded where each check needs them: one that does not decode fails the format
    // after all, and says which value.
    if (!(error instanceof BallotFormatError)) throw error;
    checks.splice(0, 1);
    return fail('format', 'element', { value: error.value });
  }
}

function verifyParsed(
  board: Board,
  checks: BoardVerdict['checks'],
  fail: Fail,
  pass: (check: BoardCheck) => void,
  onProgress?: (done: number, of: number) => void,
): BoardVerdict {
  const { parameters } = board;
  const fingerprint = fingerprintOf(parameters);
  if (fingerprint !== board.fingerprint) return fail('fingerprint', 'fingerprint');
  pass('fingerprint');

  const trustees = parameters.trustees.map(trusteeFromWire);
  const indices = trustees.map((trustee) => trustee.index).sort((a, b) => a - b);
  if (indices.some((index, at) => index !== at + 1)) return fail('trustees', 'numbering');
  if (parameters.threshold > trustees.length)
    return fail('trustees', 'threshold', { threshold: parameters.threshold, trustees: trustees.length });
  for (const trustee of trustees)
    if (!verifyCommitment(parameters.election, trustee, parameters.threshold))
      return fail('trustees', 'commitment', { trustee: trustee.index });
  pass('trustees');

  const key = electionKey(trustees);
  if (pointHex(key) !== board.publicKey) return fail('election_key', 'election_key');
  pass('election_key');

  const entries = new Set(board.roll.map((voter) => voter.entry));
  if (entries.size !== board.roll.length) return fail('roll', 'roll_twice');
  pass('roll');

  for (const row of board.ballots)
    if (trackerOf(row.ballot) !== row.tracker) return fail('trackers', 'tracker', { tracker: row.tracker });
  pass('trackers');

  const formKeys = new Set(board.ballots.map((row) => row.ballot.formKey));
  const trackers = new Set(board.ballots.map((row) => row.tracker));
  if (formKeys.size !== board.ballots.length || trackers.size !== board.ballots.length)
    return fail('unique_ballots', 'ballot_twice');
  pass('unique_ballots');

  // Each ballot's weight is a voter's weight on the roll: no more ballots of a weight than voters of it.
  const voters = new Map<number, number>();
  for (const voter of board.roll) voters.set(voter.weight, (voters.get(voter.weight) ?? 0) + 1);
  const cast = new Map<number, number>();
  for (const row of board.ballots) cast.set(row.weight, (cast.get(row.weight) ?? 0) + 1);
  for (const [weight, count] of cast)
    if (count > (voters.get(weight) ?? 0))
      return fail('eligibility', 'eligibility', { count, weight, voters: voters.get(weight) ?? 0 });
  pass('eligibility');

  const shape = boardShape(parameters);
  const ballots = board.ballots.map((row) => ({ row, ballot: ballotFromWire(row.ballot) }));
  // The ballots' proofs are checked in batches (one multi-scalar multiplication each); a batch that
  // fails is checked ballot by ballot, to name the ballot.
  for (let from = 0; from < ballots.length; from += BATCH) {
    const chunk = ballots.slice(from, from + BATCH);
    const batch = new ProofBatch(key);
    const added = chunk.every(({ ballot }) => batchBallot(batch, fingerprint, shape, ballot));
    if (!added || !batch.holds()) {
      const bad = chunk.find(({ ballot }) => !verifyBallot(key, fingerprint, shape, ballot));
      return fail('ballot_proofs', 'ballot_proof', { tracker: (bad ?? chunk[0]!).row.tracker });
    }
    onProgress?.(from + chunk.length, ballots.length);
  }
  pass('ballot_proofs');

  if (!board.tally) return { ok: true, checks };
  const sums = encryptedTally(
    shape,
    ballots.map(({ row, ballot }) => ({ weight: row.weight, marks: ballot.marks.map((mark) => mark.ciphertext) })),
  );
  const claimed = board.tally.ciphertexts.map(ciphertextFrom);
  if (claimed.length !== sums.length || claimed.some((ciphertext, at) => !sameCiphertext(ciphertext, sums[at]!)))
    return fail('encrypted_tally', 'encrypted_tally');
  pass('encrypted_tally');

  const context = tallyContext(fingerprint);
  const byTrustee = new Map<number, DecryptionShare[]>();
  for (const part of board.tally.shares) {
    if (byTrustee.has(part.trustee)) return fail('decryption_shares', 'trustee_twice', { trustee: part.trustee });
    if (part.trustee > trustees.length) return fail('decryption_shares', 'not_trustee', { trustee: part.trustee });
    if (part.parts.length !== sums.length) return fail('decryption_shares', 'share_missing', { trustee: part.trustee });
    const verifying = verificationKey(trustees, part.trustee);
    const shares = part.parts.map((wire) => decryptionShareFromWire(part.trustee, wire));
    for (const [at, share] of shares.entries())
      if (!verifyDecryptionShare(context, verifying, sums[at]!, at, share))
        return fail('decryption_shares', 'share_proof', { trustee: part.trustee, option: at + 1 });
    byTrustee.set(part.trustee, shares);
  }
  if (byTrustee.size < parameters.threshold)
    return fail('decryption_shares', 'too_few', { decrypted: byTrustee.size, threshold: parameters.threshold });
  pass('decryption_shares');

  const most = board.ballots.reduce((sum, row) => sum + row.weight, 0) * Math.max(1, shape.maxChoices);
  const totals = sums.map((sum, at) =>
    combineShares(
      sum,
      [...byTrustee.values()].map((shares) => shares[at]!),
      most,
    ),
  );
  if (totals.some((total) => total === null)) return fail('totals', 'no_opening');
  if (board.tally.totals.length !== totals.length || board.tally.totals.some((total, at) => total !== totals[at]))
    return fail('totals', 'totals', { totals: totals.join(', ') });
  pass('totals');
  return { ok: true, checks, totals: totals as number[] };
}

const sameCiphertext = (x: Ciphertext, y: Ciphertext) => x.a.equals(y.a) && x.b.equals(y.b);
