import { ristretto255 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { translate } from '../../messages';
import { countBallots } from '../counting';
import {
  BOARD_CHECKS,
  BOARD_FAILURES,
  type Board,
  ballotFromWire,
  batchBallot,
  boardShape,
  canonicalJson,
  ciphertextTo,
  combineShares,
  decryptionShares,
  encryptBallot,
  encryptedTally,
  finishTrustee,
  ProofBatch,
  sealShare,
  sha256Hex,
  simulateCeremony,
  simulateVote,
  startTrustee,
  type TrusteeSecrets,
  trackerOf,
  verifyBallot,
  verifyBoard,
  wireBallotJson,
  wireBallotSchema,
} from './index';

// One whole secret vote in memory: three trustees make the key (any two decrypt), voters of
// different weights cast encrypted ballots, two trustees decrypt the tally, and the board is
// verified; then each part of the board is tampered with and the verifier names what failed.

interface Voter {
  weight: number;
  choices: number[];
}

const runVote = (
  kind: 'motion' | 'election',
  options: string[],
  maxChoices: number,
  voters: Voter[],
  deciders = [1, 3],
) =>
  simulateVote({
    election: `test.example/votes/${kind}`,
    kind,
    options,
    maxChoices,
    trustees: ['Trustee One', 'Trustee Two', 'Trustee Three'],
    threshold: 2,
    voters,
    deciders,
  });
const ceremony = (election: string, names: string[], threshold: number) =>
  simulateCeremony(election, names.length, threshold);

const g = ristretto255.Point.BASE;

const copy = <T>(value: T): T => structuredClone(value);

const failedCheck = (board: unknown) => {
  const verdict = verifyBoard(board);
  expect(verdict.ok).toBe(false);
  return verdict.checks.at(-1)!;
};

describe('a secret motion, end to end', () => {
  const voters: Voter[] = [
    { weight: 1, choices: [1] },
    { weight: 1, choices: [1] },
    { weight: 2, choices: [2] },
    { weight: 1, choices: [3] },
    { weight: 3, choices: [1] },
  ];
  const vote = runVote('motion', ['for', 'against', 'abstain'], 1, voters);

  it('decrypts to the weighted totals the plaintext count gives, and the board verifies', () => {
    const plain = countBallots(voters, 3);
    expect(vote.board.tally!.totals).toEqual(plain.votes);
    const verdict = verifyBoard(JSON.parse(JSON.stringify(vote.board)));
    expect(verdict.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.map((check) => check.check)).toEqual([...BOARD_CHECKS]);
    expect(verdict.totals).toEqual([5, 2, 1]);
  });

  it('any two trustees decrypt the same totals; one alone does not', () => {
    for (const pair of [
      [1, 2],
      [2, 3],
      [1, 3],
    ]) {
      const totals = vote.sums.map((sum) =>
        combineShares(
          sum,
          pair.map((trustee) => decryptionShares('x', trustee, vote.keyShares[trustee - 1]!, [sum])[0]!),
          8,
        ),
      );
      expect(totals).toEqual([5, 2, 1]);
    }
    const alone = vote.sums.map((sum) => combineShares(sum, decryptionShares('x', 2, vote.keyShares[1]!, [sum]), 8));
    expect(alone).not.toEqual([5, 2, 1]);
    const board = copy(vote.board);
    board.tally!.shares = board.tally!.shares.slice(0, 1);
    expect(failedCheck(board)).toMatchObject({
      check: 'decryption_shares',
      reason: 'too_few',
      params: { decrypted: 1, threshold: 2 },
    });
  });

  it('a device will not encrypt a ballot that breaks the rules, and a forged one does not verify', () => {
    expect(() => encryptBallot(vote.key, vote.fingerprint, vote.shape, [1, 2])).toThrow();
    expect(() => encryptBallot(vote.key, vote.fingerprint, vote.shape, [])).toThrow();
    expect(() => encryptBallot(vote.key, vote.fingerprint, vote.shape, [4])).toThrow();
    // A mark moved from 1 to 2 (a double vote), keeping the honest ballot's proofs: refused.
    const honest = encryptBallot(vote.key, vote.fingerprint, vote.shape, [1]);
    expect(verifyBallot(vote.key, vote.fingerprint, vote.shape, honest)).toBe(true);
    const doubled = {
      ...honest,
      marks: honest.marks.map((m, at) =>
        at === 0 ? { ...m, ciphertext: { a: m.ciphertext.a, b: m.ciphertext.b.add(g) } } : m,
      ),
    };
    expect(verifyBallot(vote.key, vote.fingerprint, vote.shape, doubled)).toBe(false);
    // Proofs lifted into another ballot (its form key changed) no longer hold.
    expect(verifyBallot(vote.key, vote.fingerprint, vote.shape, { ...honest, formKey: '0'.repeat(32) })).toBe(false);
    // Nor under another election's fingerprint.
    expect(verifyBallot(vote.key, 'f'.repeat(64), vote.shape, honest)).toBe(false);
  });
});

describe('a secret election with blank ballots, end to end', () => {
  const voters: Voter[] = [
    { weight: 1, choices: [1, 2] },
    { weight: 1, choices: [2, 4] },
    { weight: 2, choices: [3] },
    { weight: 1, choices: [] },
    { weight: 1, choices: [1, 2] },
  ];
  const vote = runVote('election', ['Ann', 'Bo', 'Cai', 'Di'], 2, voters, [2, 3]);

  it('decrypts each candidate’s votes and the blank ballots, and verifies', () => {
    const plain = countBallots(voters, 4);
    const verdict = verifyBoard(JSON.parse(JSON.stringify(vote.board)));
    expect(verdict.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verdict.totals).toEqual([...plain.votes, plain.blankWeight]);
  });

  it('writes each ballot’s canonical JSON the fast way and the general way alike (the tracker is its hash)', () => {
    for (const row of vote.board.ballots) {
      // As a server receives it: parsed from the voter's JSON, keys in whatever order they came.
      const received = wireBallotSchema.parse(JSON.parse(JSON.stringify(row.ballot)));
      expect(wireBallotJson(received)).toBe(canonicalJson(row.ballot));
      expect(sha256Hex(wireBallotJson(received))).toBe(row.tracker);
    }
    const shuffled = JSON.parse(
      JSON.stringify({ sumProof: vote.board.ballots[0]!.ballot.sumProof, marks: [], formKey: 'x' }),
    );
    expect(wireBallotJson(shuffled)).toBe(canonicalJson(shuffled));
  });

  it('refuses a ballot marking more candidates than seats', () => {
    expect(() => encryptBallot(vote.key, vote.fingerprint, vote.shape, [1, 2, 3])).toThrow();
  });

  it('names what failed when the board is tampered with', () => {
    const cases: [string, (board: Board) => void, string][] = [
      [
        'a title changed after the fact',
        (b) => {
          b.parameters.title = 'Something else';
        },
        'fingerprint',
      ],
      [
        'a trustee’s commitment swapped',
        (b) => {
          b.parameters.trustees[1]!.coefficients[0] = b.parameters.trustees[0]!.coefficients[0]!;
        },
        'fingerprint',
      ],
      [
        'a different public key',
        (b) => {
          b.publicKey = b.parameters.trustees[0]!.coefficients[0]!;
        },
        'election_key',
      ],
      [
        'a roll entry doubled',
        (b) => {
          b.roll[1]!.entry = b.roll[0]!.entry;
        },
        'roll',
      ],
      [
        'a ballot changed',
        (b) => {
          b.ballots[0]!.ballot.marks[0]!.ciphertext = b.ballots[1]!.ballot.marks[0]!.ciphertext;
        },
        'trackers',
      ],
      [
        'a ballot stuffed twice',
        (b) => {
          b.ballots.push(copy(b.ballots[0]!));
        },
        'unique_ballots',
      ],
      [
        'a ballot weighted up',
        (b) => {
          b.ballots[0]!.weight = 3;
        },
        'eligibility',
      ],
      [
        'the tally changed',
        (b) => {
          b.tally!.ciphertexts[0] = b.tally!.ciphertexts[1]!;
        },
        'encrypted_tally',
      ],
      [
        'a decryption share changed',
        (b) => {
          b.tally!.shares[0]!.parts[0]!.share = b.tally!.shares[0]!.parts[1]!.share;
        },
        'decryption_shares',
      ],
      [
        'a total changed',
        (b) => {
          b.tally!.totals[0]! += 1;
        },
        'totals',
      ],
      [
        'a key that is not the joint key',
        (b) => {
          b.publicKey = 'f'.repeat(64);
        },
        'election_key',
      ],
      [
        'a share that is not a group element',
        (b) => {
          b.tally!.shares[0]!.parts[0]!.share = 'f'.repeat(64);
        },
        'format',
      ],
      [
        'not a board',
        (b) => {
          Object.assign(b, { format: 'something' });
        },
        'format',
      ],
    ];
    for (const [, tamper, check] of cases) {
      const board = copy(vote.board);
      tamper(board);
      expect(failedCheck(board).check).toBe(check);
    }
  });

  it('refuses a ballot whose proofs do not hold, even under its own tracker', () => {
    const board = copy(vote.board);
    const row = board.ballots[2]!;
    row.ballot.marks[0]!.ciphertext = board.ballots[0]!.ballot.marks[0]!.ciphertext;
    row.tracker = trackerOf(row.ballot);
    expect(failedCheck(board)).toMatchObject({ check: 'ballot_proofs', params: { tracker: row.tracker } });
  });

  it('the batch check fails on a proof whose challenges add up but whose equations do not, and names the ballot', () => {
    // A response is outside the challenge's hash: only the equations catch a changed one.
    type WireBallot = Board['ballots'][number]['ballot'];
    const changes: [number, (ballot: WireBallot) => void][] = [
      [
        1,
        (ballot) => {
          ballot.marks[3]!.proof[1]!.v = ballot.marks[3]!.proof[0]!.v;
        },
      ],
      [
        4,
        (ballot) => {
          ballot.sumProof[0]!.v = ballot.sumProof[1]!.v;
        },
      ],
    ];
    for (const [at, change] of changes) {
      const board = copy(vote.board);
      const row = board.ballots[at]!;
      change(row.ballot);
      row.tracker = trackerOf(row.ballot);
      const shape = boardShape(board.parameters);
      const batch = new ProofBatch(vote.key);
      for (const other of board.ballots)
        expect(batchBallot(batch, vote.fingerprint, shape, ballotFromWire(other.ballot))).toBe(true);
      expect(batch.holds()).toBe(false);
      expect(failedCheck(board)).toMatchObject({
        check: 'ballot_proofs',
        params: { tracker: row.tracker },
      });
    }
    const honest = new ProofBatch(vote.key);
    for (const row of vote.board.ballots) batchBallot(honest, vote.fingerprint, vote.shape, ballotFromWire(row.ballot));
    expect(honest.holds()).toBe(true);
  });

  it('a recount from the board alone gives the published totals', () => {
    const board: Board = JSON.parse(JSON.stringify(vote.board));
    const sums = encryptedTally(
      boardShape(board.parameters),
      board.ballots.map((row) => ({
        weight: row.weight,
        marks: ballotFromWire(row.ballot).marks.map((m) => m.ciphertext),
      })),
    );
    expect(sums.map(ciphertextTo)).toEqual(board.tally!.ciphertexts);
  });
});

describe('the key ceremony', () => {
  it('a trustee who sends a bad share is named, and no key share comes of it', () => {
    const election = 'test.example/votes/ceremony';
    const started = [1, 2, 3].map((index) => startTrustee(election, index, 2));
    const commitments = started.map((trustee) => trustee.commitment);
    const cheat: TrusteeSecrets = {
      ...started[1]!.secrets,
      polynomial: started[1]!.secrets.polynomial.map((c) => c + 1n),
    };
    const sealed = [
      sealShare(election, started[0]!.secrets, commitments[2]!),
      sealShare(election, cheat, commitments[2]!),
    ];
    expect(finishTrustee(election, started[2]!.secrets, commitments, sealed)).toEqual({ badSenders: [2] });
  });

  it('a share sealed to one trustee does not open for another', () => {
    const election = 'test.example/votes/sealed';
    const { started, sealed } = ceremony(election, ['a', 'b', 'c'], 2);
    const forThree = sealed.filter((share) => share.to === 3).map((share) => ({ ...share, to: 2 }));
    const commitments = started.map((trustee) => trustee.commitment);
    expect(finishTrustee(election, started[1]!.secrets, commitments, forThree)).toMatchObject({ badSenders: [1, 3] });
  });
});

describe('the verifier’s words', () => {
  it('every check and every reason for failing has a message in both languages', () => {
    const keys = [
      ...BOARD_CHECKS.map((check) => `ballots.check.${check}`),
      ...BOARD_FAILURES.map((reason) => `ballots.failure.${reason}`),
    ];
    for (const key of keys) {
      // A missing key comes back as itself; a missing English one falls back to the Chinese.
      expect(translate('zh-CN', key)).not.toBe(key);
      expect(translate('en', key)).not.toBe(translate('zh-CN', key));
    }
  });
});
