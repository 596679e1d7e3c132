import { pippenger } from '@noble/curves/abstract/curve.js';
import { batchWeight, challenge, Fn, G, Point, publicMultiply, randomScalar } from './group';

// The zero-knowledge proofs of the secret ballot, non-interactive by Fiat–Shamir (group.ts,
// `challenge`), as Helios, Belenios and ElectionGuard use them. Each proof carries its commitments
// beside its challenges and responses, so a verifier may check many at once (a random linear
// combination) as well as one by one.

/** Exponential ElGamal: `a = g^r`, `b = g^m · h^r` under the election key `h` (written additively). */
export interface Ciphertext {
  a: Point;
  b: Point;
}

export const encryptWith = (key: Point, message: bigint, nonce: bigint): Ciphertext => ({
  a: G.multiply(nonce),
  b: message === 0n ? key.multiply(nonce) : G.multiply(message).add(key.multiply(nonce)),
});

export const addCiphertexts = (x: Ciphertext, y: Ciphertext): Ciphertext => ({ a: x.a.add(y.a), b: x.b.add(y.b) });

/** A ciphertext times a public integer (a voter's weight): it encrypts the message times it. */
export const scaleCiphertext = (x: Ciphertext, factor: bigint): Ciphertext => ({
  a: publicMultiply(x.a, factor),
  b: publicMultiply(x.b, factor),
});

/** One branch of a disjunctive proof, or a whole Chaum–Pedersen proof: commitments, challenge, response. */
export interface Branch {
  /** `g^w` */
  A: Point;
  /** `h^w` (or the second base to the same `w`) */
  B: Point;
  c: bigint;
  v: bigint;
}

/**
 * Proves that `ciphertext` encrypts one of `values` (the disjunctive Chaum–Pedersen proof): for the
 * value `m` it holds, `(a, b − m·g)` is `(g, h)` raised to the one nonce; for every other value the
 * branch is simulated, and the challenges must add up to the hash of all of them.
 */
export function proveOneOf(
  key: Point,
  ciphertext: Ciphertext,
  values: readonly number[],
  message: number,
  nonce: bigint,
  context: string,
): Branch[] {
  const real = values.indexOf(message);
  if (real < 0) throw new Error('proveOneOf: the message is not one of the values');
  const w = randomScalar();
  const branches = values.map((value, index): Branch => {
    if (index === real) return { A: G.multiply(w), B: key.multiply(w), c: 0n, v: 0n };
    const c = randomScalar();
    const v = randomScalar();
    const shifted = ciphertext.b.subtract(publicMultiply(G, BigInt(value)));
    return {
      A: G.multiply(v).subtract(ciphertext.a.multiply(c)),
      B: key.multiply(v).subtract(shifted.multiply(c)),
      c,
      v,
    };
  });
  const total = oneOfChallenge(key, ciphertext, values, branches, context);
  const others = branches.reduce((sum, branch, index) => (index === real ? sum : Fn.add(sum, branch.c)), 0n);
  const c = Fn.sub(total, others);
  branches[real] = { ...branches[real]!, c, v: Fn.add(w, Fn.mul(c, nonce)) };
  return branches;
}

const oneOfChallenge = (
  key: Point,
  ciphertext: Ciphertext,
  values: readonly number[],
  branches: readonly Branch[],
  context: string,
) =>
  challenge(
    'gonghui/one-of',
    context,
    key,
    ciphertext.a,
    ciphertext.b,
    values.join(','),
    ...branches.flatMap((branch) => [branch.A, branch.B]),
  );

/**
 * Proves that `x·g = X` and `x·base = Y` for one secret `x` (Chaum–Pedersen): a trustee's share of a
 * decryption is its key share applied to the tally's `a`.
 */
export function proveSameLog(X: Point, base: Point, Y: Point, secret: bigint, context: string): Branch {
  const w = randomScalar();
  const A = G.multiply(w);
  const B = base.multiply(w);
  const c = challenge('gonghui/same-log', context, X, base, Y, A, B);
  return { A, B, c, v: Fn.add(w, Fn.mul(c, secret)) };
}

export function verifySameLog(X: Point, base: Point, Y: Point, proof: Branch, context: string): boolean {
  if (proof.c !== challenge('gonghui/same-log', context, X, base, Y, proof.A, proof.B)) return false;
  return (
    publicMultiply(G, proof.v).equals(proof.A.add(publicMultiply(X, proof.c))) &&
    publicMultiply(base, proof.v).equals(proof.B.add(publicMultiply(Y, proof.c)))
  );
}

/** A Schnorr proof of knowing `x` with `x·g = X` (a trustee knows its polynomial's constant term). */
export interface Knowledge {
  A: Point;
  c: bigint;
  v: bigint;
}

export function proveKnowledge(X: Point, secret: bigint, context: string): Knowledge {
  const w = randomScalar();
  const A = G.multiply(w);
  const c = challenge('gonghui/knowledge', context, X, A);
  return { A, c, v: Fn.add(w, Fn.mul(c, secret)) };
}

export function verifyKnowledge(X: Point, proof: Knowledge, context: string): boolean {
  return (
    proof.c === challenge('gonghui/knowledge', context, X, proof.A) &&
    publicMultiply(G, proof.v).equals(proof.A.add(publicMultiply(X, proof.c)))
  );
}

/**
 * Many proofs' equations checked at once: each is weighted by a fresh random 128-bit number and all
 * are added into one multi-scalar multiplication (Pippenger's, from @noble/curves), which must come to
 * zero. A batch holds if and only if every equation in it does, but for a chance of 2^-128; when a
 * batch fails, the proofs are checked one by one to name the one that fails. Each proof's challenge is
 * still checked on its own when it is added.
 */
export class ProofBatch {
  private readonly points: Point[] = [];
  private readonly scalars: bigint[] = [];
  /** The coefficients of `g` and of the election key, gathered across every equation. */
  private g = 0n;
  private h = 0n;

  constructor(private readonly key: Point) {}

  private term(point: Point, scalar: bigint) {
    this.points.push(point);
    this.scalars.push(Fn.create(scalar));
  }

  /** Adds a disjunctive proof; false (and nothing added) when its challenges do not add up. */
  addOneOf(ciphertext: Ciphertext, values: readonly number[], branches: readonly Branch[], context: string): boolean {
    if (branches.length !== values.length) return false;
    const sum = branches.reduce((total, branch) => Fn.add(total, branch.c), 0n);
    if (sum !== oneOfChallenge(this.key, ciphertext, values, branches, context)) return false;
    // For each branch j: v·g − c·a − A = 0 (weight ρ), and v·h − c·(b − value·g) − B = 0 (weight σ).
    let a = 0n;
    let b = 0n;
    for (const [index, branch] of branches.entries()) {
      const rho = batchWeight();
      const sigma = batchWeight();
      this.g = Fn.add(this.g, Fn.add(Fn.mul(rho, branch.v), Fn.mul(Fn.mul(sigma, branch.c), BigInt(values[index]!))));
      this.h = Fn.add(this.h, Fn.mul(sigma, branch.v));
      a = Fn.sub(a, Fn.mul(rho, branch.c));
      b = Fn.sub(b, Fn.mul(sigma, branch.c));
      this.term(branch.A, Fn.neg(rho));
      this.term(branch.B, Fn.neg(sigma));
    }
    this.term(ciphertext.a, a);
    this.term(ciphertext.b, b);
    return true;
  }

  /** Whether every equation added holds. */
  holds(): boolean {
    if (this.points.length === 0) return this.g === 0n && this.h === 0n;
    const total = pippenger(Point, [...this.points, G, this.key], [...this.scalars, this.g, this.h]);
    return total.is0();
  }
}
