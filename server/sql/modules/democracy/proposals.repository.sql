-- cosignersOf
select "proposal_id", "delegate_id", "status", (SELECT m.name FROM congress_delegates d
  JOIN members m ON m.id = d.member_id AND m.province_code = d.province_code
  WHERE d.id = proposal_cosigners.delegate_id AND d.province_code = proposal_cosigners.province_code) from "proposal_cosigners" where "proposal_cosigners"."proposal_id" in ($1) order by "proposal_cosigners"."delegate_id" asc;

-- countSubmittedProposals
select count(*)::int from "congress_proposals" inner join "congress_sessions" on ("congress_sessions"."id" = "congress_proposals"."session_id" and "congress_sessions"."province_code" = "congress_proposals"."province_code") inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where ("congress_proposals"."status" = $1 and ("organisations"."path" <@ $2::ltree));

-- delegateNames
select "congress_delegates"."id", "members"."name" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "congress_delegates"."id" in ($1);

-- delegatesOfSession
select "id" from "congress_delegates" where ("congress_delegates"."session_id" = $1 and "congress_delegates"."id" in ($2));

-- findProposal
select "id", "province_code", "session_id", "proposer_delegate_id", "number", "title", "body", "status", "review_note", "department", "reply", "replied_at", "satisfaction", "submitted_at", "created_at", "updated_at" from "congress_proposals" where "congress_proposals"."id" = $1;

-- insertProposal (stopped early on stand-in arguments)
insert into "congress_proposals" ("id", "province_code", "session_id", "proposer_delegate_id", "number", "title", "body", "status", "review_note", "department", "reply", "replied_at", "satisfaction", "submitted_at", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- invitationOf
select "proposal_id", "province_code", "delegate_id", "status", "responded_at" from "proposal_cosigners" where ("proposal_cosigners"."proposal_id" = $1 and "proposal_cosigners"."delegate_id" = $2);

-- inviteCosigners
insert into "proposal_cosigners" ("proposal_id", "province_code", "delegate_id", "status", "responded_at") values ($1, $2, $3, default, default) on conflict do nothing;

-- numberedCount
select count(*)::int from "congress_proposals" where ("congress_proposals"."session_id" = $1 and "congress_proposals"."number" IS NOT NULL);

-- proposalsPage
select "congress_proposals"."id", "congress_proposals"."province_code", "congress_proposals"."session_id", "congress_proposals"."proposer_delegate_id", "congress_proposals"."number", "congress_proposals"."title", "congress_proposals"."body", "congress_proposals"."status", "congress_proposals"."review_note", "congress_proposals"."department", "congress_proposals"."reply", "congress_proposals"."replied_at", "congress_proposals"."satisfaction", "congress_proposals"."submitted_at", "congress_proposals"."created_at", "congress_proposals"."updated_at" from "congress_proposals" inner join "congress_sessions" on ("congress_sessions"."id" = "congress_proposals"."session_id" and "congress_sessions"."province_code" = "congress_proposals"."province_code") inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where ((("congress_proposals"."status" <> $1 and (("organisations"."path" <@ $2::ltree) or "congress_proposals"."session_id" in ($3))) or "congress_proposals"."proposer_delegate_id" in ($4) or ("congress_proposals"."id", "congress_proposals"."province_code") IN (
      SELECT proposal_id, province_code FROM proposal_cosigners WHERE delegate_id = ANY($5::bigint[]))) and "congress_proposals"."session_id" = $6 and "congress_proposals"."status" = $7 and ("congress_proposals"."title" LIKE $8 OR "congress_proposals"."body" LIKE $9 OR "congress_proposals"."number" = $10)) order by "congress_proposals"."id" desc limit $11 offset $12;

select count(*)::int from "congress_proposals" inner join "congress_sessions" on ("congress_sessions"."id" = "congress_proposals"."session_id" and "congress_sessions"."province_code" = "congress_proposals"."province_code") inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where ((("congress_proposals"."status" <> $1 and (("organisations"."path" <@ $2::ltree) or "congress_proposals"."session_id" in ($3))) or "congress_proposals"."proposer_delegate_id" in ($4) or ("congress_proposals"."id", "congress_proposals"."province_code") IN (
      SELECT proposal_id, province_code FROM proposal_cosigners WHERE delegate_id = ANY($5::bigint[]))) and "congress_proposals"."session_id" = $6 and "congress_proposals"."status" = $7 and ("congress_proposals"."title" LIKE $8 OR "congress_proposals"."body" LIKE $9 OR "congress_proposals"."number" = $10));

-- respond
update "proposal_cosigners" set "status" = $1, "responded_at" = now() where ("proposal_cosigners"."proposal_id" = $2 and "proposal_cosigners"."delegate_id" = $3);

-- signedCount
select count(*)::int from "proposal_cosigners" where ("proposal_cosigners"."proposal_id" = $1 and "proposal_cosigners"."status" = $2);

-- updateProposal
update "congress_proposals" set "updated_at" = now() where ("congress_proposals"."id" = $1 and "congress_proposals"."status" = $2);
