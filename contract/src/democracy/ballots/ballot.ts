import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { Fn, type Point, publicMultiply, randomScalar } from './group';
import { addCiphertexts, type Branch, type Ciphertext, encryptWith, ProofBatch, proveOneOf } from './proofs';

// A secret ballot: one ciphertext per option, each with a proof that it encrypts 0 or 1, and a proof
// that the choices keep the ballot's rules (how many may be marked). The voter's device makes it; no
// one but a threshold of trustees could open it, and they only ever open the sum of all ballots.

/** What a ballot must satisfy: its options, and how many of them may be marked. */
export interface BallotShape {
  options: number;
  /** At least this many marked, unless the ballot is blank (when `blank` allows it). */
  minChoices: number;
  maxChoices: number;
  /**
   * A ballot may mark nothing (an election's blank ballot). The ballot then carries one more
   * ciphertext, the blank mark (0 or 1), so the count of blank ballots can be decrypted with the
   * rest, and its sum proof covers both: marks + max × blank is between max(min, 1) and max.
   */
  blank: boolean;
}

/** The rules every secret ballot of a motion or an election keeps. */
export const shapeOf = (kind: 'motion' | 'election', options: number, maxChoices: number): BallotShape =>
  kind === 'motion'
    ? { options, minChoices: 1, maxChoices: 1, blank: false }
    : { options, minChoices: 1, maxChoices: Math.min(maxChoices, options), blank: true };

export interface EncryptedBallot {
  /** Random, per ballot: bound into its proofs, so they cannot be lifted into another ballot. */
  formKey: string;
  /** One per option, then the blank mark when the shape has one. */
  marks: { ciphertext: Ciphertext; proof: Branch[] }[];
  /** The marks' (weighted) sum is within the shape's limits. */
  sumProof: Branch[];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The values the checked sum of a ballot may take. */
export const sumValues = (shape: BallotShape) =>
  range(Math.max(shape.minChoices, shape.blank ? 1 : 0), shape.maxChoices);

const markContext = (fingerprint: string, formKey: string, at: number) => `${fingerprint}/ballot/${formKey}/mark/${at}`;
const sumContext = (fingerprint: string, formKey: string) => `${fingerprint}/ballot/${formKey}/sum`;

/** The sum the ballot's range proof is about: every mark, plus the blank mark times the maximum. */
export function checkedSum(shape: BallotShape, marks: readonly Ciphertext[]): Ciphertext {
  let sum = marks.slice(0, shape.options).reduce(addCiphertexts);
  if (shape.blank) {
    const blank = marks[shape.options]!;
    sum = addCiphertexts(sum, {
      a: publicMultiply(blank.a, BigInt(shape.maxChoices)),
      b: publicMultiply(blank.b, BigInt(shape.maxChoices)),
    });
  }
  return sum;
}

/**
 * Encrypts a voter's choices (1-based option numbers; none for a blank ballot where allowed) under
 * the election key, with its proofs. Throws if the choices break the shape: a voter's device never
 * makes a ballot the board would refuse.
 */
export function encryptBallot(
  key: Point,
  fingerprint: string,
  shape: BallotShape,
  choices: readonly number[],
): EncryptedBallot {
  const chosen = new Set(choices);
  if (chosen.size !== choices.length || choices.some((c) => !Number.isInteger(c) || c < 1 || c > shape.options))
    throw new Error('encryptBallot: choices outside the ballot');
  const isBlank = chosen.size === 0;
  if (isBlank ? !shape.blank : chosen.size < shape.minChoices || chosen.size > shape.maxChoices)
    throw new Error('encryptBallot: the number of choices breaks the ballot’s rules');
  const formKey = bytesToHex(randomBytes(16));
  const values = [...range(1, shape.options).map((option) => (chosen.has(option) ? 1 : 0))];
  if (shape.blank) values.push(isBlank ? 1 : 0);
  const nonces = values.map(() => randomScalar());
  const ciphertexts = values.map((value, at) => encryptWith(key, BigInt(value), nonces[at]!));
  const marks = ciphertexts.map((ciphertext, at) => ({
    ciphertext,
    proof: proveOneOf(key, ciphertext, [0, 1], values[at]!, nonces[at]!, markContext(fingerprint, formKey, at)),
  }));
  const blankFactor = BigInt(shape.maxChoices);
  let sumNonce = nonces.slice(0, shape.options).reduce((sum, nonce) => Fn.add(sum, nonce), 0n);
  if (shape.blank) sumNonce = Fn.add(sumNonce, Fn.mul(nonces[shape.options]!, blankFactor));
  const sumValue = chosen.size + (isBlank ? shape.maxChoices : 0);
  const sumProof = proveOneOf(
    key,
    checkedSum(shape, ciphertexts),
    sumValues(shape),
    sumValue,
    sumNonce,
    sumContext(fingerprint, formKey),
  );
  return { formKey, marks, sumProof };
}

/**
 * Adds a ballot's proofs to a batch check (proofs.ts, `ProofBatch`); false when the ballot's shape or
 * a proof's challenge is already wrong.
 */
export function batchBallot(batch: ProofBatch, fingerprint: string, shape: BallotShape, ballot: EncryptedBallot) {
  if (ballot.marks.length !== shape.options + (shape.blank ? 1 : 0)) return false;
  for (const [at, mark] of ballot.marks.entries())
    if (!batch.addOneOf(mark.ciphertext, [0, 1], mark.proof, markContext(fingerprint, ballot.formKey, at)))
      return false;
  const sum = checkedSum(
    shape,
    ballot.marks.map((mark) => mark.ciphertext),
  );
  return batch.addOneOf(sum, sumValues(shape), ballot.sumProof, sumContext(fingerprint, ballot.formKey));
}

/** Checks one ballot's proofs (a batch of one): every mark is 0 or 1, and their sum keeps the shape. */
export function verifyBallot(key: Point, fingerprint: string, shape: BallotShape, ballot: EncryptedBallot) {
  const batch = new ProofBatch(key);
  return batchBallot(batch, fingerprint, shape, ballot) && batch.holds();
}

/**
 * Canonical JSON: object keys sorted, no spaces. The board's hashes (the election's fingerprint, a
 * ballot's tracker) are over this, so any tool that parses and re-serialises gets the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export const sha256Hex = (text: string) => bytesToHex(sha256(utf8ToBytes(text)));
