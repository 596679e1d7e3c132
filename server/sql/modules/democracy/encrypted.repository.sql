-- castEncrypted
WITH gate AS (SELECT pg_advisory_xact_lock_shared(hashtextextended('vote:' || $1::bigint, 0)) AS locked),
claimed AS (
  UPDATE vote_roll r SET voted = true, voted_via = 'proxy', tracker = $3
  FROM votes v
  WHERE r.vote_id = $1::bigint AND r.member_id = $2::bigint AND r.proxy_member_id = ANY($5::bigint[])
    AND NOT r.voted AND NOT r.sealed AND (SELECT true FROM gate)
    AND v.id = r.vote_id AND v.province_code = r.province_code AND v.status = 'open' AND v.ballot_mode = 'encrypted'
  RETURNING r.province_code, r.weight, $3::text AS tracker, $4::bytea AS ballot, 1::bigint AS at
),
stored AS (
  INSERT INTO vote_encrypted_ballots (vote_id, province_code, tracker, weight, ballot)
  SELECT $1::bigint, province_code, tracker, weight, ballot FROM claimed
)
SELECT at FROM claimed;

-- encryptedBallot
select "valid" from "vote_encrypted_ballots" where ("vote_encrypted_ballots"."vote_id" = $1 and "vote_encrypted_ballots"."tracker" = $2);

-- encryptedBallots
select "tracker", "weight", "ballot", "valid" from "vote_encrypted_ballots" where "vote_encrypted_ballots"."vote_id" = $1 order by "vote_encrypted_ballots"."tracker" asc;

-- encryptedBallotsAndVoters
SELECT (SELECT count(*)::int FROM vote_encrypted_ballots WHERE vote_id = $1) AS ballots,
           (SELECT count(*)::int FROM vote_roll WHERE vote_id = $2 AND voted) AS voted;

-- encryptedRefusalFacts
SELECT v.status, r.voted, r.proxy_member_id, r.tracker
      FROM votes v LEFT JOIN vote_roll r ON r.vote_id = v.id AND r.member_id = $2::bigint
      WHERE v.id = $1::bigint LIMIT 1;

-- insertSealedShares
insert into "vote_sealed_shares" ("vote_id", "province_code", "from_position", "to_position", "share") values ($1, $2, $3, $4, $5);

-- markChecked
update "vote_encrypted_ballots" set "valid" = NOT ("vote_encrypted_ballots"."tracker" = ANY($1::text[])) where "vote_encrypted_ballots"."vote_id" = $2;

-- replaceTrustees
delete from "vote_sealed_shares" where "vote_sealed_shares"."vote_id" = $1;

delete from "vote_trustees" where "vote_trustees"."vote_id" = $1;

insert into "vote_trustees" ("vote_id", "province_code", "position", "member_id", "commitment", "shares_sent_at", "accepted_at", "complaint", "decryption", "decrypted_at") values ($1, $2, $3, $4, default, default, default, default, default, default);

-- rollForBoard
select "member_id", "weight", "proxy_member_id" IS NOT NULL from "vote_roll" where "vote_roll"."vote_id" = $1;

-- sealedSharesTo
select "share" from "vote_sealed_shares" where ("vote_sealed_shares"."vote_id" = $1 and "vote_sealed_shares"."to_position" = $2) order by "vote_sealed_shares"."from_position" asc;

-- sealRoll
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

update "vote_roll" set "sealed" = $1 where "vote_roll"."vote_id" = $2;

-- trusteeshipsOf
select "vote_trustees"."vote_id", "vote_trustees"."province_code", "vote_trustees"."position", "vote_trustees"."member_id", "vote_trustees"."commitment", "vote_trustees"."shares_sent_at", "vote_trustees"."accepted_at", "vote_trustees"."complaint", "vote_trustees"."decryption", "vote_trustees"."decrypted_at", "votes"."id", "votes"."province_code", "votes"."organisation_id", "votes"."session_id", "votes"."agenda_item_id", "votes"."kind", "votes"."title", "votes"."description", "votes"."electorate", "votes"."seats", "votes"."counting", "votes"."max_choices", "votes"."rules", "votes"."status", "votes"."electorate_count", "votes"."electorate_weight", "votes"."electorate_hash", "votes"."frozen_at", "votes"."opened_at", "votes"."closed_at", "votes"."result", "votes"."ballot_mode", "votes"."election", "votes"."threshold", "votes"."encrypted_tally", "votes"."created_by", "votes"."created_at", "organisations"."name" from "vote_trustees" inner join "votes" on ("votes"."id" = "vote_trustees"."vote_id" and "votes"."province_code" = "vote_trustees"."province_code") inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where "vote_trustees"."member_id" in ($1) order by "votes"."id" DESC;

-- trusteesOf
select "vote_trustees"."vote_id", "vote_trustees"."province_code", "vote_trustees"."position", "vote_trustees"."member_id", "vote_trustees"."commitment", "vote_trustees"."shares_sent_at", "vote_trustees"."accepted_at", "vote_trustees"."complaint", "vote_trustees"."decryption", "vote_trustees"."decrypted_at", "members"."name", "members"."user_id" from "vote_trustees" inner join "members" on ("members"."id" = "vote_trustees"."member_id" and "members"."province_code" = "vote_trustees"."province_code") where "vote_trustees"."vote_id" = $1 order by "vote_trustees"."position" asc;
