-- findCardHolders
SELECT m.user_id, m.id, m.province_code, m.member_number, m.name, m.status, m.joined_on::text AS joined_on,
           o.name AS organisation_name, c.id AS card_id, c.issued_at, c.expires_at, c.token_enc
    FROM members m
    JOIN organisations o ON o.id = m.organisation_id
    LEFT JOIN LATERAL (
      SELECT id, issued_at, expires_at, token_enc FROM member_cards
      WHERE member_id = m.id AND province_code = m.province_code AND revoked_at IS NULL AND expires_at > $2
      ORDER BY issued_at DESC LIMIT 1
    ) c ON true
    WHERE m.user_id = ANY($1::uuid[]);

-- insertCard
insert into "member_cards" ("id", "province_code", "member_id", "issued_at", "expires_at", "revoked_at", "revoked_reason", "token_enc") values (default, default, default, default, default, default, default, default);

-- listRevokedLiveCards
select "id" from "member_cards" where ("member_cards"."revoked_at" is not null and "member_cards"."expires_at" > $1);

-- revokeCardsOfMember
update "member_cards" set "revoked_at" = $1, "revoked_reason" = $2 where ("member_cards"."member_id" = $3 and "member_cards"."revoked_at" IS NULL) returning "id";

-- updateCardToken
update "member_cards" set "token_enc" = $1 where ("member_cards"."id" = $2 and "member_cards"."province_code" = $3);
