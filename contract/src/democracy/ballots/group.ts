import { ristretto255 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

// The group every secret ballot is computed in: ristretto255 (RFC 9496), a prime-order group over
// Curve25519, from the audited @noble/curves. Nothing here does group arithmetic by hand: points are
// the library's, scalars are integers modulo the group's order through its field.

export const Point = ristretto255.Point;
export type Point = InstanceType<typeof Point>;

/** Scalars: the integers modulo the group's prime order. */
export const Fn = Point.Fn;
export const ORDER = Fn.ORDER;

/** The generator, with its multiples precomputed (every encryption and proof starts from it). */
export const G = Point.BASE;

/** A uniformly random non-zero scalar (64 random bytes reduced, so the bias is negligible). */
export function randomScalar(): bigint {
  for (;;) {
    const k = reduce(randomBytes(64));
    if (k !== 0n) return k;
  }
}

const reduce = (bytes: Uint8Array) => Fn.create(BigInt(`0x${bytesToHex(bytes)}`));

/** A point as the board writes it: its canonical 32-byte encoding, in hex. */
export const pointHex = (point: Point) => point.toHex();

/** Reads a point from the board; a string that is not a canonical encoding is refused. */
export function pointFrom(hex: string): Point {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new BallotFormatError(hex);
  let point: Point;
  try {
    point = Point.fromHex(hex);
  } catch {
    throw new BallotFormatError(hex);
  }
  // Decoding accepts only the canonical encoding, so these are the point's bytes: hashing it into a
  // challenge need not encode it again (as costly as decoding it).
  encodings.set(point, hexToBytes(hex));
  return point;
}

const encodings = new WeakMap<Point, Uint8Array>();

/** A point's canonical encoding, kept from when it was read or first encoded. */
function encodingOf(point: Point) {
  let bytes = encodings.get(point);
  if (!bytes) {
    bytes = point.toBytes();
    encodings.set(point, bytes);
  }
  return bytes;
}

/** A scalar as the board writes it: 64 hex digits, big-endian. */
export const scalarHex = (scalar: bigint) => scalar.toString(16).padStart(64, '0');

/** Reads a scalar from the board; anything outside [0, ORDER) is refused. */
export function scalarFrom(hex: string): bigint {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new BallotFormatError(hex);
  const value = BigInt(`0x${hex}`);
  if (value >= ORDER) throw new BallotFormatError(hex);
  return value;
}

/** Input that is not a well-formed element of the board (a point or scalar that does not decode). */
export class BallotFormatError extends Error {
  /** The start of the value, to find it in the board. */
  readonly value: string;
  constructor(value: string) {
    super(`not a group element or scalar: ${value.slice(0, 16)}…`);
    this.value = `${value.slice(0, 16)}…`;
  }
}

type HashPart = string | bigint | number | Point;

/**
 * The Fiat–Shamir challenge of a proof: SHA-512 over the proof's domain and every part of its
 * statement and commitments, each length-prefixed so no two lists of parts hash alike, reduced modulo
 * the group's order. Binding the whole statement (the "strong" Fiat–Shamir of Bernhard, Pereira and
 * Warinschi) is what keeps a proof from being reused for another ciphertext or election.
 */
export function challenge(domain: string, ...parts: HashPart[]): bigint {
  const chunks: Uint8Array[] = [];
  for (const part of [domain, ...parts]) {
    const bytes =
      typeof part === 'string'
        ? utf8ToBytes(part)
        : typeof part === 'bigint'
          ? hexToBytes(scalarHex(part))
          : typeof part === 'number'
            ? utf8ToBytes(String(part))
            : encodingOf(part);
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, bytes.length);
    chunks.push(length, bytes);
  }
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.length;
  }
  return reduce(sha512(all));
}

/** A random 128-bit weight for a batch check (a wrong equation survives one with probability 2^-128). */
export const batchWeight = () => BigInt(`0x${bytesToHex(randomBytes(16))}`) + 1n;

/** `base` to the power `scalar`, for public values (a proof's check): not constant-time, and faster. */
export const publicMultiply = (base: Point, scalar: bigint) =>
  scalar === 0n ? Point.ZERO : base.multiplyUnsafe(scalar);

/** Lagrange's coefficient at 0 of trustee `index` among `indices` (the trustees who decrypt). */
export function lagrangeAtZero(index: number, indices: readonly number[]): bigint {
  let numerator = 1n;
  let denominator = 1n;
  for (const other of indices) {
    if (other === index) continue;
    numerator = Fn.mul(numerator, BigInt(other));
    denominator = Fn.mul(denominator, Fn.sub(BigInt(other), BigInt(index)));
  }
  return Fn.div(numerator, denominator);
}
