import { encryptBallot } from './ballot';
import {
  BOARD_FORMAT,
  type Board,
  type BoardParameters,
  ballotToWire,
  boardShape,
  ciphertextFrom,
  ciphertextTo,
  decryptionShareToWire,
  encryptedTally,
  fingerprintOf,
  tallyContext,
  trackerOf,
  trusteeToWire,
} from './board';
import { pointHex } from './group';
import {
  combineShares,
  decryptionShares,
  electionKey,
  finishTrustee,
  type SealedShare,
  sealShare,
  startTrustee,
} from './trustees';

// A whole secret vote run in one process, every party played by this code: the trustees' ceremony,
// the voters' devices, the tally and its decryption. For tests, the benchmark and the examples in
// the docs; the platform itself runs each party where it belongs (trustees and voters in their own
// browsers).

/** Every trustee's part of the ceremony, with their key shares (which, in a real vote, no one holds together). */
export function simulateCeremony(election: string, trustees: number, threshold: number) {
  const started = Array.from({ length: trustees }, (_, at) => startTrustee(election, at + 1, threshold));
  const commitments = started.map((trustee) => trustee.commitment);
  const sealed: SealedShare[] = started.flatMap(({ secrets }) =>
    commitments.filter((other) => other.index !== secrets.index).map((other) => sealShare(election, secrets, other)),
  );
  const keyShares = started.map(({ secrets }) => {
    const finished = finishTrustee(election, secrets, commitments, sealed);
    if (!('keyShare' in finished))
      throw new Error(`trustee ${secrets.index} refused shares from ${finished.badSenders}`);
    return finished.keyShare;
  });
  return { started, commitments, sealed, keyShares };
}

export interface SimulatedVoter {
  weight: number;
  /** 1-based options; none for a blank election ballot. */
  choices: number[];
}

/**
 * A vote from its ceremony to its published board, decrypted by the trustees in `deciders`; by
 * default three trustees, any two of them needed, the first two deciding.
 */
export function simulateVote({
  trustees = ['Trustee 1', 'Trustee 2', 'Trustee 3'],
  threshold = 2,
  deciders = [1, 2],
  ...vote
}: {
  election: string;
  kind: 'motion' | 'election';
  options: string[];
  maxChoices: number;
  trustees?: string[];
  threshold?: number;
  voters: SimulatedVoter[];
  deciders?: number[];
}) {
  const options = { ...vote, trustees, threshold, deciders };
  const ceremony = simulateCeremony(options.election, options.trustees.length, options.threshold);
  const parameters: BoardParameters = {
    election: options.election,
    title: options.kind === 'motion' ? 'Motion' : 'Election',
    kind: options.kind,
    options: options.options,
    maxChoices: options.maxChoices,
    threshold: options.threshold,
    trustees: ceremony.commitments.map((commitment, at) => trusteeToWire(options.trustees[at]!, commitment)),
  };
  const fingerprint = fingerprintOf(parameters);
  const key = electionKey(ceremony.commitments);
  const shape = boardShape(parameters);
  const ballots = options.voters.map((voter) => {
    const ballot = ballotToWire(encryptBallot(key, fingerprint, shape, voter.choices));
    return { tracker: trackerOf(ballot), weight: voter.weight, ballot };
  });
  const sums = encryptedTally(
    shape,
    ballots.map((row) => ({
      weight: row.weight,
      marks: row.ballot.marks.map((mark) => ciphertextFrom(mark.ciphertext)),
    })),
  );
  const context = tallyContext(fingerprint);
  const shares = options.deciders.map((trustee) => ({
    trustee,
    shares: decryptionShares(context, trustee, ceremony.keyShares[trustee - 1]!, sums),
  }));
  const most = options.voters.reduce((sum, voter) => sum + voter.weight, 0) * options.maxChoices;
  const totals = sums.map((sum, at) =>
    combineShares(
      sum,
      shares.map((part) => part.shares[at]!),
      most,
    ),
  );
  if (totals.some((total) => total === null)) throw new Error('simulateVote: the tally did not decrypt');
  const board: Board = {
    format: BOARD_FORMAT,
    parameters,
    fingerprint,
    publicKey: pointHex(key),
    roll: options.voters.map((voter, at) => ({
      entry: (at + 1).toString(16).padStart(64, '0'),
      weight: voter.weight,
      proxy: false,
    })),
    ballots,
    tally: {
      ciphertexts: sums.map(ciphertextTo),
      shares: shares.map((part) => ({ trustee: part.trustee, parts: part.shares.map(decryptionShareToWire) })),
      totals: totals as number[],
    },
  };
  return { board, key, fingerprint, shape, sums, ...ceremony };
}
