-- appendAgendaItem
select coalesce(max("position"), 0)::int from "congress_agenda_items" where "congress_agenda_items"."session_id" = $1;

insert into "congress_agenda_items" ("id", "province_code", "session_id", "position", "title", "description", "is_current") values (default, default, default, $1, default, default, default);

-- delegationsOfUser
select "congress_delegates"."id", "congress_delegates"."province_code", "congress_delegates"."session_id", "congress_delegates"."constituency_id", "congress_delegates"."member_id", "congress_delegates"."category", "congress_delegates"."checked_in_at", "congress_delegates"."check_in_method", "congress_delegates"."presidium_position" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "members"."user_id" = $1 order by "congress_delegates"."session_id" asc;

-- delegationsWithSessions
select "congress_delegates"."id", "congress_delegates"."province_code", "congress_delegates"."session_id", "congress_delegates"."constituency_id", "congress_delegates"."member_id", "congress_delegates"."category", "congress_delegates"."checked_in_at", "congress_delegates"."check_in_method", "congress_delegates"."presidium_position", "congress_sessions"."title" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") inner join "congress_sessions" on ("congress_sessions"."id" = "congress_delegates"."session_id" and "congress_sessions"."province_code" = "congress_delegates"."province_code") where "members"."user_id" = $1 order by "congress_delegates"."session_id" asc;

-- deleteDelegate
delete from "congress_delegates" where ("congress_delegates"."id" = $1 and "congress_delegates"."session_id" = $2) returning "id", "province_code", "session_id", "constituency_id", "member_id", "category", "checked_in_at", "check_in_method", "presidium_position";

-- demoDelegateMembers
select "id" from "members" where ("members"."organisation_id" = $1 and "members"."user_id" in ($2)) order by "members"."id" asc;

select "id" from "members" where ("members"."organisation_id" = $1 and "members"."status" = $2 and "members"."source" = $3) order by "members"."id" asc limit $4;

-- findAgendaItem
select "id", "province_code", "session_id", "position", "title", "description", "is_current" from "congress_agenda_items" where ("congress_agenda_items"."id" = $1 and "congress_agenda_items"."session_id" = $2);

-- findDelegate
select "id", "province_code", "session_id", "constituency_id", "member_id", "category", "checked_in_at", "check_in_method", "presidium_position" from "congress_delegates" where ("congress_delegates"."id" = $1 and "congress_delegates"."session_id" = $2);

-- findDelegateOfUser
select "congress_delegates"."id", "congress_delegates"."province_code", "congress_delegates"."session_id", "congress_delegates"."constituency_id", "congress_delegates"."member_id", "congress_delegates"."category", "congress_delegates"."checked_in_at", "congress_delegates"."check_in_method", "congress_delegates"."presidium_position", "members"."name" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where ("congress_delegates"."session_id" = $1 and "members"."user_id" = $2);

-- findDocument
select "id", "province_code", "session_id", "agenda_item_id", "uploaded_by", "created_at" from "congress_documents" where ("congress_documents"."id" = $1 and "congress_documents"."session_id" = $2);

-- findMemberInSubtree
select "id", "province_code", "name", "status", "user_id" from "members" where ("members"."member_number" = $1 and "members"."organisation_path" <@ $2::ltree);

-- findSession
select "congress_sessions"."id", "congress_sessions"."province_code", "congress_sessions"."organisation_id", "congress_sessions"."term", "congress_sessions"."meeting", "congress_sessions"."title", "congress_sessions"."meeting_date", "congress_sessions"."venue", "congress_sessions"."status", "congress_sessions"."online_check_in", "congress_sessions"."check_in_code", "congress_sessions"."quorum_num", "congress_sessions"."quorum_den", "congress_sessions"."frontline_min_percent", "congress_sessions"."managers_max_percent", "congress_sessions"."women_min_percent", "congress_sessions"."min_cosigners", "congress_sessions"."created_by", "congress_sessions"."created_at", "organisations"."name", "organisations"."path" from "congress_sessions" inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where "congress_sessions"."id" = $1;

-- insertConstituency
insert into "congress_constituencies" ("id", "province_code", "session_id", "name", "seats") values (default, default, default, default, default) on conflict do nothing returning "id", "province_code", "session_id", "name", "seats";

-- insertDelegate
insert into "congress_delegates" ("id", "province_code", "session_id", "constituency_id", "member_id", "category", "checked_in_at", "check_in_method", "presidium_position") values (default, default, default, default, default, default, default, default, default) on conflict do nothing returning "id", "province_code", "session_id", "constituency_id", "member_id", "category", "checked_in_at", "check_in_method", "presidium_position";

-- insertDocument (stopped early on stand-in arguments)
insert into "congress_documents" ("id", "province_code", "session_id", "agenda_item_id", "uploaded_by", "created_at") values (default, default, default, default, default, default) returning "id";

-- insertSession
insert into "congress_sessions" ("id", "province_code", "organisation_id", "term", "meeting", "title", "meeting_date", "venue", "status", "online_check_in", "check_in_code", "quorum_num", "quorum_den", "frontline_min_percent", "managers_max_percent", "women_min_percent", "min_cosigners", "created_by", "created_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) on conflict do nothing returning "id", "province_code", "organisation_id", "term", "meeting", "title", "meeting_date", "venue", "status", "online_check_in", "check_in_code", "quorum_num", "quorum_den", "frontline_min_percent", "managers_max_percent", "women_min_percent", "min_cosigners", "created_by", "created_at";

-- listAgenda
select "id", "province_code", "session_id", "position", "title", "description", "is_current" from "congress_agenda_items" where "congress_agenda_items"."session_id" = $1 order by "congress_agenda_items"."position" asc, "congress_agenda_items"."id" asc;

select "congress_documents"."id", "congress_documents"."agenda_item_id", "documents"."file_name", "documents"."media_type", "documents"."size", "documents"."sha256" from "congress_documents" inner join "documents" on ("documents"."id" = "congress_documents"."id" and "documents"."province_code" = "congress_documents"."province_code") where "congress_documents"."session_id" = $1 order by "congress_documents"."created_at" asc;

-- listConstituencies
select "id", "name", "seats", (SELECT count(*)::int FROM congress_delegates d
        WHERE d.constituency_id = congress_constituencies.id AND d.province_code = congress_constituencies.province_code) from "congress_constituencies" where "congress_constituencies"."session_id" = $1 order by "congress_constituencies"."id" asc;

-- listDelegates
select "congress_delegates"."id", "congress_delegates"."province_code", "congress_delegates"."session_id", "congress_delegates"."constituency_id", "congress_delegates"."member_id", "congress_delegates"."category", "congress_delegates"."checked_in_at", "congress_delegates"."check_in_method", "congress_delegates"."presidium_position", "members"."member_number", "members"."name", "members"."gender", "members"."status", "members"."user_id" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "congress_delegates"."session_id" = $1 order by "congress_delegates"."id" asc;

-- lockConstituency
select "id", "province_code", "session_id", "name", "seats" from "congress_constituencies" where ("congress_constituencies"."id" = $1 and "congress_constituencies"."session_id" = $2) for update;

-- markCheckedIn
update "congress_delegates" set "checked_in_at" = now(), "check_in_method" = $1 where ("congress_delegates"."id" = $2 and "congress_delegates"."checked_in_at" IS NULL);

select "id", "province_code", "session_id", "constituency_id", "member_id", "category", "checked_in_at", "check_in_method", "presidium_position" from "congress_delegates" where "congress_delegates"."id" = $1;

-- presidiumWithAccounts
select "congress_delegates"."member_id" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where ("congress_delegates"."session_id" = $1 and "congress_delegates"."presidium_position" IS NOT NULL and "members"."status" = $2 and "members"."user_id" IS NOT NULL) order by "congress_delegates"."presidium_position" asc;

-- proposalsOfSession
select "id", "province_code", "session_id", "proposer_delegate_id", "number", "title", "body", "status", "review_note", "department", "reply", "replied_at", "satisfaction", "submitted_at", "created_at", "updated_at" from "congress_proposals" where "congress_proposals"."session_id" = $1 order by "congress_proposals"."id" asc;

-- proposalsOfUser
select "congress_proposals"."id", "congress_proposals"."province_code", "congress_proposals"."session_id", "congress_proposals"."proposer_delegate_id", "congress_proposals"."number", "congress_proposals"."title", "congress_proposals"."body", "congress_proposals"."status", "congress_proposals"."review_note", "congress_proposals"."department", "congress_proposals"."reply", "congress_proposals"."replied_at", "congress_proposals"."satisfaction", "congress_proposals"."submitted_at", "congress_proposals"."created_at", "congress_proposals"."updated_at", "congress_sessions"."title", "proposal_cosigners"."delegate_id" from "congress_proposals" inner join "congress_sessions" on ("congress_sessions"."id" = "congress_proposals"."session_id" and "congress_sessions"."province_code" = "congress_proposals"."province_code") left join "proposal_cosigners" on ("proposal_cosigners"."proposal_id" = "congress_proposals"."id" and "proposal_cosigners"."province_code" = "congress_proposals"."province_code" and "proposal_cosigners"."delegate_id" in (select "congress_delegates"."id" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "members"."user_id" = $1)) where ("congress_proposals"."proposer_delegate_id" IN (select "congress_delegates"."id" from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "members"."user_id" = $2) OR "proposal_cosigners"."delegate_id" IS NOT NULL) order by "congress_proposals"."id" asc;

-- rollEntriesOfUser
select "vote_roll"."vote_id", "vote_roll"."province_code", "vote_roll"."member_id", "vote_roll"."user_id", "vote_roll"."weight", "vote_roll"."proxy_member_id", "vote_roll"."proxy_reason", "vote_roll"."voted", "vote_roll"."voted_via", "vote_roll"."sealed", "vote_roll"."tracker", "votes"."title", "votes"."status" from "vote_roll" inner join "members" on ("members"."id" = "vote_roll"."member_id" and "members"."province_code" = "vote_roll"."province_code") inner join "votes" on ("votes"."id" = "vote_roll"."vote_id" and "votes"."province_code" = "vote_roll"."province_code") where "members"."user_id" = $1 order by "vote_roll"."vote_id" asc;

-- SESSION.exists
select "congress_sessions"."id", "congress_sessions"."province_code", "congress_sessions"."organisation_id", "congress_sessions"."term", "congress_sessions"."meeting", "congress_sessions"."title", "congress_sessions"."meeting_date", "congress_sessions"."venue", "congress_sessions"."status", "congress_sessions"."online_check_in", "congress_sessions"."check_in_code", "congress_sessions"."quorum_num", "congress_sessions"."quorum_den", "congress_sessions"."frontline_min_percent", "congress_sessions"."managers_max_percent", "congress_sessions"."women_min_percent", "congress_sessions"."min_cosigners", "congress_sessions"."created_by", "congress_sessions"."created_at", "organisations"."name", "organisations"."path" from "congress_sessions" inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where "congress_sessions"."id" = $1;

-- SESSION.inScope
select "congress_sessions"."id", "congress_sessions"."province_code", "congress_sessions"."organisation_id", "congress_sessions"."term", "congress_sessions"."meeting", "congress_sessions"."title", "congress_sessions"."meeting_date", "congress_sessions"."venue", "congress_sessions"."status", "congress_sessions"."online_check_in", "congress_sessions"."check_in_code", "congress_sessions"."quorum_num", "congress_sessions"."quorum_den", "congress_sessions"."frontline_min_percent", "congress_sessions"."managers_max_percent", "congress_sessions"."women_min_percent", "congress_sessions"."min_cosigners", "congress_sessions"."created_by", "congress_sessions"."created_at", "organisations"."name", "organisations"."path" from "congress_sessions" inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where ("congress_sessions"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- sessionCounts
select "congress_delegates"."session_id", count(*)::int, count("congress_delegates"."checked_in_at")::int, count(*) FILTER (WHERE "congress_delegates"."category" = 'frontline')::int, count(*) FILTER (WHERE "congress_delegates"."category" = 'manager')::int, count(*) FILTER (WHERE "members"."gender" = 'female')::int from "congress_delegates" inner join "members" on ("members"."id" = "congress_delegates"."member_id" and "members"."province_code" = "congress_delegates"."province_code") where "congress_delegates"."session_id" in $1 group by "congress_delegates"."session_id";

-- sessionsPage
select "congress_sessions"."id", "congress_sessions"."province_code", "congress_sessions"."organisation_id", "congress_sessions"."term", "congress_sessions"."meeting", "congress_sessions"."title", "congress_sessions"."meeting_date", "congress_sessions"."venue", "congress_sessions"."status", "congress_sessions"."online_check_in", "congress_sessions"."check_in_code", "congress_sessions"."quorum_num", "congress_sessions"."quorum_den", "congress_sessions"."frontline_min_percent", "congress_sessions"."managers_max_percent", "congress_sessions"."women_min_percent", "congress_sessions"."min_cosigners", "congress_sessions"."created_by", "congress_sessions"."created_at", "organisations"."name", "organisations"."path" from "congress_sessions" inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "congress_sessions"."organisation_id" = $2) order by "congress_sessions"."meeting_date" desc, "congress_sessions"."id" desc limit $3 offset $4;

select count(*)::int from "congress_sessions" inner join "organisations" on "organisations"."id" = "congress_sessions"."organisation_id" where (("organisations"."path" <@ $1::ltree) and "congress_sessions"."organisation_id" = $2);

-- setCurrentItem
update "congress_agenda_items" set "is_current" = "congress_agenda_items"."id" = $1 where "congress_agenda_items"."session_id" = $2;

-- setPresidium
update "congress_delegates" set "presidium_position" = array_position($1::bigint[], "congress_delegates"."id") where "congress_delegates"."session_id" = $2;
