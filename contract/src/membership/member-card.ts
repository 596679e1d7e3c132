/**
 * The e-member card's QR token and its offline verifier. A station or event app holds the
 * federation's published Ed25519 public key and, optionally, the list of revoked card ids;
 * nothing else is needed to check a card. Uses WebCrypto, present in Node ≥ 20 and browsers.
 */
export const MEMBER_CARD_PREFIX = 'GH1';

export interface MemberCardClaims {
  /** Card id; revoking the card revokes this id. */
  jti: string;
  /** Member number. */
  mn: string;
  /** Name as printed on the card. */
  n: string;
  /** Union name. */
  o: string;
  /** Issued and expiry times, seconds since the epoch. */
  iat: number;
  exp: number;
}

export type MemberCardVerification =
  | { ok: true; claims: MemberCardClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'revoked' };

export function base64UrlEncode(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlDecode(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The bytes that are signed: the prefix and the encoded claims, as they appear in the token. */
export function memberCardSigningInput(claims: MemberCardClaims): string {
  return `${MEMBER_CARD_PREFIX}.${base64UrlEncode(new TextEncoder().encode(JSON.stringify(claims)))}`;
}

function isClaims(value: unknown): value is MemberCardClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.jti === 'string' &&
    typeof v.mn === 'string' &&
    typeof v.n === 'string' &&
    typeof v.o === 'string' &&
    Number.isInteger(v.iat) &&
    Number.isInteger(v.exp)
  );
}

/**
 * Checks a card token offline: signature with the published raw Ed25519 public key (base64url),
 * expiry, and an optional set of revoked card ids.
 */
export async function verifyMemberCard(
  token: string,
  publicKey: string,
  options: { now?: Date; revoked?: ReadonlySet<string> } = {},
): Promise<MemberCardVerification> {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== MEMBER_CARD_PREFIX) return { ok: false, reason: 'malformed' };
  let claims: unknown;
  let signature: Uint8Array<ArrayBuffer>;
  try {
    claims = JSON.parse(new TextDecoder().decode(base64UrlDecode(parts[1] ?? '')));
    signature = base64UrlDecode(parts[2] ?? '');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' };
  const key = await crypto.subtle.importKey('raw', base64UrlDecode(publicKey), { name: 'Ed25519' }, false, ['verify']);
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, signed))) {
    return { ok: false, reason: 'signature' };
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (claims.exp < now) return { ok: false, reason: 'expired' };
  if (options.revoked?.has(claims.jti)) return { ok: false, reason: 'revoked' };
  return { ok: true, claims };
}
