import { and, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { memberCards } from './membership.tables';

// The member-card aggregate: cards, their signed tokens, and revocation.

// ---- cards ----

/** A new card with its signed token; the id and issue time are chosen by the caller, who signs them. */
export async function insertCard(
  db: Executor,
  card: { id: string; memberId: number; provinceCode: string; issuedAt: Date; expiresAt: Date; tokenEnc: Buffer },
) {
  await db.insert(memberCards).values(card);
}

/** Keeps the token shown for a card whose claims changed (a new name or union name). */
export async function updateCardToken(db: Executor, card: { id: string; provinceCode: string }, tokenEnc: Buffer) {
  await db
    .update(memberCards)
    .set({ tokenEnc })
    .where(and(eq(memberCards.id, card.id), eq(memberCards.provinceCode, card.provinceCode)));
}

// Named, so each connection plans it once: the member card is the hottest member-facing request.
// Several accounts at once: card requests of the same moment share one query (members_user_key).
const CARD_HOLDERS = {
  name: 'gonghui-card-holders',
  text: `
    SELECT m.user_id, m.id, m.province_code, m.member_number, m.name, m.status, m.joined_on::text AS joined_on,
           o.name AS organisation_name, c.id AS card_id, c.issued_at, c.expires_at, c.token_enc
    FROM members m
    JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN LATERAL (
      SELECT id, issued_at, expires_at, token_enc FROM member_cards
      WHERE member_id = m.id AND province_code = m.province_code AND revoked_at IS NULL AND expires_at > $2
      ORDER BY issued_at DESC LIMIT 1
    ) c ON true
    WHERE m.user_id = ANY($1::uuid[])`,
};

export interface CardHolder {
  member: {
    id: number;
    provinceCode: string;
    memberNumber: string;
    name: string;
    status: string;
    joinedOn: string;
  };
  organisationName: string;
  card: { id: string; issuedAt: Date; expiresAt: Date; tokenEnc: Buffer | null } | null;
}

/** The accounts' member records, each with its latest card valid beyond `validAfter`, in one prepared query. */
export async function findCardHolders(
  db: Db,
  userIds: readonly string[],
  validAfter: Date,
): Promise<Map<string, CardHolder>> {
  const result = await db.$client.query<{
    user_id: string;
    id: string;
    province_code: string;
    member_number: string;
    name: string;
    status: string;
    joined_on: string;
    organisation_name: string;
    card_id: string | null;
    issued_at: Date | null;
    expires_at: Date | null;
    token_enc: Buffer | null;
  }>({ ...CARD_HOLDERS, values: [userIds, validAfter] });
  const holders = new Map<string, CardHolder>();
  for (const row of result.rows) {
    holders.set(row.user_id, {
      member: {
        id: Number(row.id),
        provinceCode: row.province_code,
        memberNumber: row.member_number,
        name: row.name,
        status: row.status,
        joinedOn: row.joined_on,
      },
      organisationName: row.organisation_name,
      card:
        row.card_id && row.issued_at && row.expires_at
          ? { id: row.card_id, issuedAt: row.issued_at, expiresAt: row.expires_at, tokenEnc: row.token_enc }
          : null,
    });
  }
  return holders;
}

export async function revokeCardsOfMember(db: Executor, memberId: number, reason: string) {
  return db
    .update(memberCards)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(memberCards.memberId, memberId), sql`${memberCards.revokedAt} IS NULL`))
    .returning({ id: memberCards.id });
}

export async function listRevokedLiveCards(db: Executor, now: Date) {
  const rows = await db
    .select({ id: memberCards.id })
    .from(memberCards)
    .where(and(isNotNull(memberCards.revokedAt), gt(memberCards.expiresAt, now)));
  return rows.map((r) => r.id);
}
