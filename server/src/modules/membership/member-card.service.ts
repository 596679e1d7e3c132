import { randomUUID } from 'node:crypto';
import { type MemberCardClaims, memberCardSigningInput, ON_ROLL_STATUSES, verifyMemberCard } from '@gonghui/contract';
import type DataLoader from 'dataloader';
import type { Db } from '../../db/client';
import { homeOrganisationOf, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { naturalBatches } from '../../platform/batching';
import { AppError } from '../../platform/errors';
import { loadInScope } from '../../platform/scope';
import * as cardRepo from './cards.repository';
import * as memberRepo from './members.repository';
import type { MembershipDeps } from './members.service';

/**
 * The card's QR token for these claims: the one kept with the card while its claims are unchanged
 * (Ed25519 signatures are deterministic, so signing again would give the same token), else newly
 * signed. The token is kept encrypted after the claims it was signed for (JSON, so no newline in
 * it): comparing them is all a view costs. The second value is what to keep, or null when the
 * kept token still holds.
 */
function cardToken(
  deps: Pick<MembershipDeps, 'cipher'>,
  claims: MemberCardClaims,
  kept: Buffer | null,
): [token: string, toKeep: Buffer | null] {
  const signedFor = JSON.stringify(claims);
  if (kept) {
    const plain = deps.cipher.decrypt(kept);
    const split = plain.indexOf('\n');
    if (plain.slice(0, split) === signedFor) return [plain.slice(split + 1), null];
  }
  const input = memberCardSigningInput(claims);
  const token = `${input}.${deps.cipher.signCard(input)}`;
  return [token, deps.cipher.encrypt(`${signedFor}\n${token}`)];
}

// Card requests of the same moment share one query (platform/batching): the card is what members
// open most, and under load one round trip for many requests is most of the saving.
const cardHolderLookups = new WeakMap<
  Db,
  DataLoader<{ userId: string; renewAfter: Date }, cardRepo.CardHolder | null>
>();

function lookUpCardHolder(db: Db, userId: string, renewAfter: Date): Promise<cardRepo.CardHolder | null> {
  let loader = cardHolderLookups.get(db);
  if (!loader) {
    loader = naturalBatches(async (keys) => {
      // the latest renewal point of the batch: a card about to need renewing is renewed a moment early
      const latest = new Date(Math.max(...keys.map((key) => key.renewAfter.getTime())));
      const holders = await cardRepo.findCardHolders(
        db,
        keys.map((key) => key.userId),
        latest,
      );
      return keys.map((key) => holders.get(key.userId) ?? null);
    });
    cardHolderLookups.set(db, loader);
  }
  return loader.load({ userId, renewAfter });
}

/**
 * The signed-in member's card. A live card is reused until a week before it expires, so the
 * QR code is stable; leaving the union or a cadre's revocation stops it.
 */
export async function getMyCard(deps: MembershipDeps, context: RequestContext) {
  const now = new Date();
  const validDays = deps.config.membership.cardValidDays;
  const renewAfter = new Date(now.getTime() + Math.min(7, validDays / 2) * 86_400_000);
  const view = await lookUpCardHolder(deps.db, context.actor.userId, renewAfter);
  if (!view) throw new AppError(404, 'membership.not_a_member');
  const { member } = view;
  if (!ON_ROLL_STATUSES.includes(member.status as 'active')) throw new AppError(409, 'membership.not_on_roll');
  const card = view.card ?? {
    id: randomUUID(),
    issuedAt: now,
    expiresAt: new Date(now.getTime() + validDays * 86_400_000),
    tokenEnc: null,
  };
  const claims: MemberCardClaims = {
    jti: card.id,
    mn: member.memberNumber,
    n: member.name,
    o: view.organisationName,
    iat: Math.floor(card.issuedAt.getTime() / 1000),
    exp: Math.floor(card.expiresAt.getTime() / 1000),
  };
  const [token, toKeep] = cardToken(deps, claims, card.tokenEnc);
  if (!view.card) {
    await cardRepo.insertCard(deps.db, {
      ...card,
      memberId: member.id,
      provinceCode: member.provinceCode,
      tokenEnc: toKeep!,
    });
  } else if (toKeep) {
    await cardRepo.updateCardToken(deps.db, { id: card.id, provinceCode: member.provinceCode }, toKeep);
  }
  return {
    cardId: card.id,
    memberNumber: member.memberNumber,
    name: member.name,
    organisationName: view.organisationName,
    joinedOn: member.joinedOn,
    status: member.status as 'active',
    token,
    expiresAt: card.expiresAt.toISOString(),
  };
}

/** What a verifier needs offline: the public key and the ids of revoked cards still unexpired. */
export async function getCardKey(deps: MembershipDeps) {
  return {
    algorithm: 'Ed25519' as const,
    publicKey: deps.cipher.cardPublicKey,
    revoked: await cardRepo.listRevokedLiveCards(deps.db, new Date()),
  };
}

/** Online check by a station keeper or event cadre: the offline verifier plus the live revocation list. */
export async function verifyCard(deps: MembershipDeps, context: RequestContext, token: string) {
  const key = await getCardKey(deps);
  const result = await verifyMemberCard(token, key.publicKey, { revoked: new Set(key.revoked) });
  await recordAudit(deps.db, context, {
    action: 'card.verify',
    subjectType: 'member_card',
    subjectId: result.ok ? result.claims.jti : undefined,
    // filed under the checker's organisation, so auditors above the station see the checks
    organisationId: homeOrganisationOf(context.actor),
    changes: { valid: result.ok },
  });
  if (!result.ok) {
    return { valid: false, reason: result.reason, memberNumber: null, name: null, organisationName: null };
  }
  return {
    valid: true,
    reason: null,
    memberNumber: result.claims.mn,
    name: result.claims.n,
    organisationName: result.claims.o,
  };
}

/** Revokes every live card of a member (lost phone, misuse); the next card is issued afresh. */
export async function revokeMemberCards(
  deps: MembershipDeps,
  context: RequestContext,
  memberId: number,
  reason: string,
) {
  const view = await loadInScope(deps.db, context, memberRepo.MEMBER, memberId, 'member.manage');
  return deps.db.transaction(async (tx) => {
    const revoked = await cardRepo.revokeCardsOfMember(tx, memberId, reason);
    await recordAudit(tx, context, {
      action: 'card.revoke',
      subjectType: 'member',
      subjectId: memberId,
      organisationId: view.member.organisationId,
      changes: { cards: revoked.length, reason },
    });
    return { ok: true as const };
  });
}
