import { challenge, Fn, G, type Point, publicMultiply, randomScalar } from './group';

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

/** Checks a disjunctive proof that `ciphertext` encrypts one of `values`. */
export function verifyOneOf(
  key: Point,
  ciphertext: Ciphertext,
  values: readonly number[],
  branches: readonly Branch[],
  context: string,
): boolean {
  if (branches.length !== values.length) return false;
  let sum = 0n;
  for (const [index, branch] of branches.entries()) {
    const shifted = ciphertext.b.subtract(publicMultiply(G, BigInt(values[index]!)));
    if (!publicMultiply(G, branch.v).equals(branch.A.add(publicMultiply(ciphertext.a, branch.c)))) return false;
    if (!publicMultiply(key, branch.v).equals(branch.B.add(publicMultiply(shifted, branch.c)))) return false;
    sum = Fn.add(sum, branch.c);
  }
  return sum === oneOfChallenge(key, ciphertext, values, branches, context);
}

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
