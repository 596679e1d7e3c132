import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type MemberCardClaims, memberCardSigningInput, verifyMemberCard } from './member-card';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const rawPublicKey = publicKey.export({ format: 'jwk' }).x as string;
const claims: MemberCardClaims = {
  jti: 'c1',
  mn: '4401000000000001',
  n: '周小勇',
  o: '天河区美团外卖骑手工会',
  iat: 1_790_000_000,
  exp: 1_800_000_000,
};
const token = (c: MemberCardClaims) => {
  const input = memberCardSigningInput(c);
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
};

describe('offline member-card verifier', () => {
  it('accepts a signed, unexpired, unrevoked card and returns its claims', async () => {
    expect(await verifyMemberCard(token(claims), rawPublicKey, { now: new Date(1_795_000_000_000) })).toEqual({
      ok: true,
      claims,
    });
  });

  it('refuses altered, expired, revoked, foreign and malformed tokens', async () => {
    const now = { now: new Date(1_795_000_000_000) };
    const good = token(claims);
    const [prefix, , signature] = good.split('.');
    const forged = `${prefix}.${memberCardSigningInput({ ...claims, n: '冒名' }).split('.')[1]}.${signature}`;
    expect(await verifyMemberCard(forged, rawPublicKey, now)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyMemberCard(good, rawPublicKey, { now: new Date(1_900_000_000_000) })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await verifyMemberCard(good, rawPublicKey, { ...now, revoked: new Set(['c1']) })).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string;
    expect(await verifyMemberCard(good, other, now)).toEqual({ ok: false, reason: 'signature' });
    for (const bad of ['', 'GH1.abc', 'XX1.a.b', 'GH1.!!!.abc', `GH1.${Buffer.from('{}').toString('base64url')}.abc`]) {
      expect(await verifyMemberCard(bad, rawPublicKey, now)).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});
