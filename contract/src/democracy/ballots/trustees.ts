import { challenge, Fn, G, lagrangeAtZero, Point, publicMultiply, randomScalar } from './group';
import {
  type Branch,
  type Ciphertext,
  type Knowledge,
  proveKnowledge,
  proveSameLog,
  verifyKnowledge,
  verifySameLog,
} from './proofs';

// The election key, made by its trustees together so that no one of them, nor the server, ever
// holds it: Pedersen's distributed key generation with Feldman's commitments, as Belenios's threshold
// mode and ElectionGuard's key ceremony do it. Any `threshold` of the `n` trustees decrypt the tally;
// fewer learn nothing.
//
// 1. Each trustee makes a transport key (to receive shares) and a random polynomial of degree
//    threshold − 1, and publishes commitments to its coefficients, with a proof that it knows the
//    constant term (so no trustee can choose its part to cancel the others').
// 2. Each trustee sends every other trustee the value of its polynomial at the other's index,
//    encrypted to the other's transport key. The server carries these and cannot read them.
// 3. Each trustee checks what it received against the sender's commitments (Feldman) and adds them
//    up: that sum is its share of the election's secret key, which never leaves it.
// The election key is the sum of the constant terms' commitments; each trustee's public share (its
// verification key) follows from the commitments alone, so anyone can check a decryption share.

/** What a trustee publishes in the first round. */
export interface TrusteeCommitment {
  /** 1-based, the trustee's place among the trustees (the point its share is evaluated at). */
  index: number;
  /** The key other trustees encrypt its shares to. */
  transportKey: Point;
  /** `g` to each coefficient of its polynomial, constant term first. */
  coefficients: Point[];
  /** Knowledge of the constant term. */
  proof: Knowledge;
}

/** What a trustee keeps to itself through the ceremony (in its browser, or a file it saves). */
export interface TrusteeSecrets {
  index: number;
  transportSecret: bigint;
  polynomial: bigint[];
}

const keyContext = (ceremony: string, index: number) => `${ceremony}/trustee/${index}`;

/** Round 1: a trustee's polynomial and transport key, kept; its commitments, published. */
export function startTrustee(ceremony: string, index: number, threshold: number) {
  const secrets: TrusteeSecrets = {
    index,
    transportSecret: randomScalar(),
    polynomial: Array.from({ length: threshold }, () => randomScalar()),
  };
  return { secrets, commitment: commitmentOf(ceremony, secrets) };
}

/**
 * The commitments that follow from a trustee's secrets (with a fresh proof): what a trustee whose
 * browser kept only its secrets, or its key file, sends again.
 */
export function commitmentOf(ceremony: string, secrets: TrusteeSecrets): TrusteeCommitment {
  const coefficients = secrets.polynomial.map((coefficient) => G.multiply(coefficient));
  return {
    index: secrets.index,
    transportKey: G.multiply(secrets.transportSecret),
    coefficients,
    proof: proveKnowledge(coefficients[0]!, secrets.polynomial[0]!, keyContext(ceremony, secrets.index)),
  };
}

/** Checks a trustee's first-round publication: the right number of coefficients, and its proof. */
export function verifyCommitment(ceremony: string, commitment: TrusteeCommitment, threshold: number) {
  return (
    commitment.coefficients.length === threshold &&
    !commitment.coefficients[0]!.is0() &&
    verifyKnowledge(commitment.coefficients[0]!, commitment.proof, keyContext(ceremony, commitment.index))
  );
}

const evaluate = (polynomial: readonly bigint[], at: number) =>
  polynomial.reduceRight((sum, coefficient) => Fn.add(Fn.mul(sum, BigInt(at)), coefficient), 0n);

/** `g` to the polynomial's value at `at`, from its commitments alone. */
const committedValue = (coefficients: readonly Point[], at: number) =>
  coefficients.reduceRight((sum, coefficient) => publicMultiply(sum, BigInt(at)).add(coefficient), Point.ZERO);

/** A share in transit: the value, masked by a key only the recipient can derive. */
export interface SealedShare {
  from: number;
  to: number;
  /** The sender's ephemeral key. */
  ephemeral: Point;
  /** The share plus the mask, modulo the group's order. */
  masked: bigint;
}

const mask = (ceremony: string, shared: Point, ephemeral: Point, from: number, to: number) =>
  challenge('gonghui/share-mask', ceremony, shared, ephemeral, from, to);

/** Round 2: the sender's share for `recipient`, sealed to the recipient's transport key. */
export function sealShare(ceremony: string, sender: TrusteeSecrets, recipient: TrusteeCommitment): SealedShare {
  const e = randomScalar();
  const ephemeral = G.multiply(e);
  const shared = recipient.transportKey.multiply(e);
  const value = evaluate(sender.polynomial, recipient.index);
  return {
    from: sender.index,
    to: recipient.index,
    ephemeral,
    masked: Fn.add(value, mask(ceremony, shared, ephemeral, sender.index, recipient.index)),
  };
}

/**
 * Round 3: a trustee opens the shares sent to it, checks each against its sender's commitments, and
 * adds them (its own included) into its share of the election's secret key. A share that does not
 * match is named, so the ceremony can start again without that trustee.
 */
export function finishTrustee(
  ceremony: string,
  own: TrusteeSecrets,
  commitments: readonly TrusteeCommitment[],
  received: readonly SealedShare[],
): { keyShare: bigint } | { badSenders: number[] } {
  let keyShare = evaluate(own.polynomial, own.index);
  const badSenders: number[] = [];
  for (const sender of commitments) {
    if (sender.index === own.index) continue;
    const sealed = received.find((share) => share.from === sender.index && share.to === own.index);
    if (!sealed) {
      badSenders.push(sender.index);
      continue;
    }
    const shared = sealed.ephemeral.multiply(own.transportSecret);
    const value = Fn.sub(sealed.masked, mask(ceremony, shared, sealed.ephemeral, sender.index, own.index));
    if (!publicMultiply(G, value).equals(committedValue(sender.coefficients, own.index))) {
      badSenders.push(sender.index);
      continue;
    }
    keyShare = Fn.add(keyShare, value);
  }
  return badSenders.length ? { badSenders } : { keyShare };
}

/** The election's public key: the sum of every trustee's constant-term commitment. */
export const electionKey = (commitments: readonly TrusteeCommitment[]) =>
  commitments.reduce((sum, commitment) => sum.add(commitment.coefficients[0]!), Point.ZERO);

/** A trustee's public share (`g` to its key share), from the commitments alone. */
export const verificationKey = (commitments: readonly TrusteeCommitment[], index: number) =>
  commitments.reduce((sum, commitment) => sum.add(committedValue(commitment.coefficients, index)), Point.ZERO);

/** A trustee's part of decrypting one ciphertext: its key share applied to `a`, with a proof. */
export interface DecryptionShare {
  trustee: number;
  share: Point;
  proof: Branch;
}

const shareContext = (context: string, trustee: number, at: number) => `${context}/decryption/${trustee}/${at}`;

/** A trustee's decryption shares of the tally's ciphertexts (one per option). */
export function decryptionShares(
  context: string,
  trustee: number,
  keyShare: bigint,
  ciphertexts: readonly Ciphertext[],
): DecryptionShare[] {
  const verifying = G.multiply(keyShare);
  return ciphertexts.map((ciphertext, at) => {
    const share = ciphertext.a.multiply(keyShare);
    return {
      trustee,
      share,
      proof: proveSameLog(verifying, ciphertext.a, share, keyShare, shareContext(context, trustee, at)),
    };
  });
}

export const verifyDecryptionShare = (
  context: string,
  verifying: Point,
  ciphertext: Ciphertext,
  at: number,
  share: DecryptionShare,
) => verifySameLog(verifying, ciphertext.a, share.share, share.proof, shareContext(context, share.trustee, at));

/**
 * The plaintext total under a ciphertext, from the decryption shares of at least `threshold`
 * trustees (Lagrange's interpolation in the exponent), searched for among 0…`most`. Null when no
 * total in that range matches (shares that do not belong together).
 */
export function combineShares(ciphertext: Ciphertext, shares: readonly DecryptionShare[], most: number): number | null {
  const indices = shares.map((share) => share.trustee);
  const masking = shares.reduce(
    (sum, share) => sum.add(publicMultiply(share.share, lagrangeAtZero(share.trustee, indices))),
    Point.ZERO,
  );
  return discreteLog(ciphertext.b.subtract(masking), most);
}

/** The `m` in 0…`most` with `m·g = point`, by baby steps and giant steps. */
export function discreteLog(point: Point, most: number): number | null {
  const step = Math.max(1, Math.ceil(Math.sqrt(most + 1)));
  const baby = new Map<string, number>();
  let at = Point.ZERO;
  for (let j = 0; j < step; j++) {
    baby.set(at.toHex(), j);
    at = at.add(G);
  }
  const giant = publicMultiply(G, BigInt(step)).negate();
  let probe = point;
  for (let i = 0; i * step <= most; i++) {
    const j = baby.get(probe.toHex());
    if (j !== undefined && i * step + j <= most) return i * step + j;
    probe = probe.add(giant);
  }
  return null;
}
