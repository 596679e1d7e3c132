-- agendaItemExists
select "id" from "congress_agenda_items" where ("congress_agenda_items"."id" = $1 and "congress_agenda_items"."session_id" = $2);

-- anyOnRoll
select "member_id" from "vote_roll" where ("vote_roll"."vote_id" = $1 and "vote_roll"."member_id" in ($2)) limit $3;

-- attendanceWeight
SELECT coalesce(sum(r.weight), 0)::int AS weight FROM vote_roll r
    JOIN congress_delegates d ON d.member_id = r.member_id AND d.province_code = r.province_code
    WHERE r.vote_id = $1 AND d.session_id = $2 AND d.checked_in_at IS NOT NULL;

-- ballotsAndVoters
SELECT (SELECT count(*)::int FROM vote_ballots WHERE vote_id = $1) AS ballots,
           (SELECT count(*)::int FROM vote_roll WHERE vote_id = $2 AND voted) AS voted;

-- ballotTotals
SELECT count(*)::int AS ballots, coalesce(sum(weight), 0)::int AS cast,
        coalesce(sum(weight) FILTER (WHERE cardinality(choices) = 0), 0)::int AS blank
      FROM vote_ballots WHERE vote_id = $1;

SELECT c::int AS option, sum(weight)::int AS votes
      FROM vote_ballots, unnest(choices) AS c WHERE vote_id = $1 GROUP BY c;

-- candidatesOf
select "position", "name", "member_id", "note" from "vote_candidates" where "vote_candidates"."vote_id" = $1 order by "vote_candidates"."position" asc;

-- countedBallots
select "receipt", "choices", "weight" from "vote_ballots" where ("vote_ballots"."vote_id" = $1 and "vote_ballots"."receipt" = $2) order by "vote_ballots"."receipt" asc;

-- countVotesToOpen
select count(*)::int from "votes" inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where ("votes"."status" in ($1, $2) and ("organisations"."path" <@ $3::ltree));

-- fillRollFromCongress
INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
    SELECT $1, d.province_code, d.member_id, m.user_id
    FROM congress_delegates d JOIN members m ON m.id = d.member_id AND m.province_code = d.province_code
    WHERE d.session_id = $2 AND m.status = 'active';

-- fillRollFromMembers
INSERT INTO vote_roll (vote_id, province_code, member_id, user_id)
    SELECT $1, m.province_code, m.id, m.user_id FROM members m
    WHERE m.organisation_path <@ $2::ltree AND m.status = 'active'
      AND m.province_code = $3;

-- findVote
select "votes"."id", "votes"."province_code", "votes"."organisation_id", "votes"."session_id", "votes"."agenda_item_id", "votes"."kind", "votes"."title", "votes"."description", "votes"."electorate", "votes"."seats", "votes"."counting", "votes"."max_choices", "votes"."rules", "votes"."status", "votes"."electorate_count", "votes"."electorate_weight", "votes"."electorate_hash", "votes"."frozen_at", "votes"."opened_at", "votes"."closed_at", "votes"."result", "votes"."ballot_mode", "votes"."election", "votes"."threshold", "votes"."encrypted_tally", "votes"."created_by", "votes"."created_at", "organisations"."name", "organisations"."path" from "votes" inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where "votes"."id" = $1;

-- findVoteRow
select "id", "province_code", "organisation_id", "session_id", "agenda_item_id", "kind", "title", "description", "electorate", "seats", "counting", "max_choices", "rules", "status", "electorate_count", "electorate_weight", "electorate_hash", "frozen_at", "opened_at", "closed_at", "result", "ballot_mode", "election", "threshold", "encrypted_tally", "created_by", "created_at" from "votes" where "votes"."id" = $1;

-- insertVote (stopped early on stand-in arguments)
insert into "votes" ("id", "province_code", "organisation_id", "session_id", "agenda_item_id", "kind", "title", "description", "electorate", "seats", "counting", "max_choices", "rules", "status", "electorate_count", "electorate_weight", "electorate_hash", "frozen_at", "opened_at", "closed_at", "result", "ballot_mode", "election", "threshold", "encrypted_tally", "created_by", "created_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- lockVote
select "id", "province_code", "organisation_id", "session_id", "agenda_item_id", "kind", "title", "description", "electorate", "seats", "counting", "max_choices", "rules", "status", "electorate_count", "electorate_weight", "electorate_hash", "frozen_at", "opened_at", "closed_at", "result", "ballot_mode", "election", "threshold", "encrypted_tally", "created_by", "created_at" from "votes" where "votes"."id" = $1 for update;

-- memberIdsOfUser
select "id" from "members" where "members"."user_id" = $1;

-- mixBallots
SELECT pg_advisory_xact_lock(hashtextextended($1, 0));

WITH moved AS (
        DELETE FROM vote_ballot_box WHERE vote_id = $1 RETURNING vote_id, province_code, receipt, choices, weight
      ), counted AS (
        DELETE FROM vote_ballots WHERE vote_id = $2 RETURNING vote_id, province_code, receipt, choices, weight
      )
      INSERT INTO vote_ballots (vote_id, province_code, receipt, choices, weight)
      SELECT * FROM (SELECT * FROM moved UNION ALL SELECT * FROM counted) b ORDER BY random();

WITH old AS (
        DELETE FROM vote_roll WHERE vote_id = $1
        RETURNING vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via
      )
      INSERT INTO vote_roll (vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted,
        voted_via, sealed)
      SELECT vote_id, province_code, member_id, user_id, weight, proxy_member_id, proxy_reason, voted, voted_via, true
        FROM old ORDER BY random();

-- rehashRoll
UPDATE votes v SET electorate_count = r.count, electorate_weight = r.weight, electorate_hash = r.hash
    FROM (
      SELECT count(*)::int AS count, coalesce(sum(r.weight), 0)::int AS weight,
        encode(sha256(convert_to(coalesce(string_agg(m.member_number || E'	' || r.weight, E'
'
          ORDER BY m.member_number), ''), 'UTF8')), 'hex') AS hash
      FROM vote_roll r JOIN members m ON m.id = r.member_id AND m.province_code = r.province_code
      WHERE r.vote_id = $1
    ) r
    WHERE v.id = $2;

-- rollEntriesFor
select "vote_roll"."vote_id", "vote_roll"."province_code", "vote_roll"."member_id", "vote_roll"."user_id", "vote_roll"."weight", "vote_roll"."proxy_member_id", "vote_roll"."proxy_reason", "vote_roll"."voted", "vote_roll"."voted_via", "vote_roll"."sealed", "vote_roll"."tracker", "members"."name" from "vote_roll" inner join "members" on ("members"."id" = "vote_roll"."member_id" and "members"."province_code" = "vote_roll"."province_code") inner join "votes" on ("votes"."id" = "vote_roll"."vote_id" and "votes"."province_code" = "vote_roll"."province_code") where ("votes"."status" IN ('frozen','open','tallying','closed') and ("vote_roll"."member_id" in ($1) or "vote_roll"."proxy_member_id" in ($2)) and "vote_roll"."vote_id" = $3) order by "vote_roll"."vote_id" desc;

-- rollEntry
select "vote_id", "province_code", "member_id", "user_id", "weight", "proxy_member_id", "proxy_reason", "voted", "voted_via", "sealed", "tracker" from "vote_roll" where ("vote_roll"."vote_id" = $1 and "vote_roll"."member_id" = $2);

-- rollPage
select "vote_roll"."vote_id", "vote_roll"."province_code", "vote_roll"."member_id", "vote_roll"."user_id", "vote_roll"."weight", "vote_roll"."proxy_member_id", "vote_roll"."proxy_reason", "vote_roll"."voted", "vote_roll"."voted_via", "vote_roll"."sealed", "vote_roll"."tracker", "members"."member_number", "members"."name", (SELECT p.name FROM members p
    WHERE p.id = vote_roll.proxy_member_id AND p.province_code = vote_roll.province_code) from "vote_roll" inner join "members" on ("members"."id" = "vote_roll"."member_id" and "members"."province_code" = "vote_roll"."province_code") where ("vote_roll"."vote_id" = $1 and ("members"."name" LIKE $2 OR "members"."member_number" = $3)) order by "members"."member_number" asc limit $4 offset $5;

select count(*)::int from "vote_roll" inner join "members" on ("members"."id" = "vote_roll"."member_id" and "members"."province_code" = "vote_roll"."province_code") where ("vote_roll"."vote_id" = $1 and ("members"."name" LIKE $2 OR "members"."member_number" = $3));

-- rollUserIds
select "user_id" from "vote_roll" where ("vote_roll"."vote_id" = $1 and "vote_roll"."user_id" IS NOT NULL);

-- vacuumBallots
VACUUM vote_ballot_box, vote_ballots, vote_roll;

-- VOTE.exists
select "id", "province_code", "organisation_id", "session_id", "agenda_item_id", "kind", "title", "description", "electorate", "seats", "counting", "max_choices", "rules", "status", "electorate_count", "electorate_weight", "electorate_hash", "frozen_at", "opened_at", "closed_at", "result", "ballot_mode", "election", "threshold", "encrypted_tally", "created_by", "created_at" from "votes" where "votes"."id" = $1;

-- VOTE.inScope
select "votes"."id", "votes"."province_code", "votes"."organisation_id", "votes"."session_id", "votes"."agenda_item_id", "votes"."kind", "votes"."title", "votes"."description", "votes"."electorate", "votes"."seats", "votes"."counting", "votes"."max_choices", "votes"."rules", "votes"."status", "votes"."electorate_count", "votes"."electorate_weight", "votes"."electorate_hash", "votes"."frozen_at", "votes"."opened_at", "votes"."closed_at", "votes"."result", "votes"."ballot_mode", "votes"."election", "votes"."threshold", "votes"."encrypted_tally", "votes"."created_by", "votes"."created_at", "organisations"."name", "organisations"."path" from "votes" inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where ("votes"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- votedCount
select count(*) FILTER (WHERE "voted")::int from "vote_roll" where "vote_roll"."vote_id" = $1;

-- votesOfSession
select "id", "province_code", "organisation_id", "session_id", "agenda_item_id", "kind", "title", "description", "electorate", "seats", "counting", "max_choices", "rules", "status", "electorate_count", "electorate_weight", "electorate_hash", "frozen_at", "opened_at", "closed_at", "result", "ballot_mode", "election", "threshold", "encrypted_tally", "created_by", "created_at" from "votes" where "votes"."session_id" = $1 order by "votes"."id" asc;

-- votesPage
select "votes"."id", "votes"."province_code", "votes"."organisation_id", "votes"."session_id", "votes"."agenda_item_id", "votes"."kind", "votes"."title", "votes"."description", "votes"."electorate", "votes"."seats", "votes"."counting", "votes"."max_choices", "votes"."rules", "votes"."status", "votes"."electorate_count", "votes"."electorate_weight", "votes"."electorate_hash", "votes"."frozen_at", "votes"."opened_at", "votes"."closed_at", "votes"."result", "votes"."ballot_mode", "votes"."election", "votes"."threshold", "votes"."encrypted_tally", "votes"."created_by", "votes"."created_at", "organisations"."name", "organisations"."path" from "votes" inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "votes"."session_id" = $2 and "votes"."status" = $3) order by "votes"."id" desc limit $4 offset $5;

select count(*)::int from "votes" inner join "organisations" on "organisations"."id" = "votes"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "votes"."session_id" = $2 and "votes"."status" = $3);
