-- activeFederationIds
select "id" from "organisations" where ("organisations"."id" in $1 and "organisations"."type" = $2 and "organisations"."status" = $3);

-- addToTeam
insert into "rights_case_team" ("province_code", "case_id", "user_id", "role", "created_at") values ($1, $2, $3, $4, default) on conflict ("case_id","user_id","province_code") do update set "role" = CASE WHEN excluded.role = 'handler' THEN 'handler' ELSE "rights_case_team"."role" END;

-- breakGlassUntil
select "expires_at" from "rights_break_glass" where ("rights_break_glass"."case_id" = $1 and "rights_break_glass"."province_code" = $2 and "rights_break_glass"."user_id" = $3 and "rights_break_glass"."expires_at" > now()) order by "rights_break_glass"."expires_at" desc limit $4;

-- caseAttachments
select "rights_attachments"."id", "documents"."file_name", "documents"."media_type", "documents"."size", "documents"."sha256", "rights_attachments"."created_at" from "rights_attachments" inner join "documents" on ("documents"."id" = "rights_attachments"."id" and "documents"."province_code" = "rights_attachments"."province_code") where ("rights_attachments"."case_id" = $1 and "rights_attachments"."province_code" = $2) order by "rights_attachments"."created_at" asc;

-- caseEvents
select "rights_case_events"."id", "rights_case_events"."province_code", "rights_case_events"."case_id", "rights_case_events"."action", "rights_case_events"."actor_user_id", "rights_case_events"."from_stage", "rights_case_events"."to_stage", "rights_case_events"."note", "rights_case_events"."organisation_id", "rights_case_events"."public", "rights_case_events"."created_at", "users"."display_name", "organisations"."name" from "rights_case_events" left join "users" on "users"."id" = "rights_case_events"."actor_user_id" left join "organisations" on "organisations"."id" = "rights_case_events"."organisation_id" where ("rights_case_events"."case_id" = $1 and "rights_case_events"."province_code" = $2 and "rights_case_events"."public" = $3) order by "rights_case_events"."id" asc;

-- casesReportedBy
select "id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at" from "rights_cases" where "rights_cases"."reporter_user_id" = $1 order by "rights_cases"."created_at" desc limit $2;

-- countCaseWork
select count(*) FILTER (WHERE "stage" = 'accepted' AND ((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $1::ltree)) OR "rights_cases"."id" = ANY($2::bigint[])))::int, count(*) FILTER (WHERE ("rights_cases"."id", "rights_cases"."province_code") IN (
        SELECT id, province_code FROM rights_cases WHERE handler_user_id = $3 AND closed_at IS NULL
        UNION ALL
        SELECT t.case_id, t.province_code FROM rights_case_team t WHERE t.user_id = $4 AND t.role = 'member') AND "warn_on" <= $5::date)::int, count(*) FILTER (WHERE "overdue" AND ((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $6::ltree)) OR "rights_cases"."id" = ANY($7::bigint[])))::int from "rights_cases" where ("rights_cases"."closed_at" IS NULL and (("rights_cases"."id", "rights_cases"."province_code") IN (
        SELECT id, province_code FROM rights_cases WHERE handler_user_id = $8 AND closed_at IS NULL
        UNION ALL
        SELECT t.case_id, t.province_code FROM rights_case_team t WHERE t.user_id = $9 AND t.role = 'member') or ((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $10::ltree)) OR "rights_cases"."id" = ANY($11::bigint[])) or ((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $12::ltree)) OR "rights_cases"."id" = ANY($13::bigint[]))));

-- findActiveFederation
select "id", "region_code", "path" from "organisations" where ("organisations"."id" = $1 and "organisations"."type" = $2 and "organisations"."status" = $3);

-- findAttachment
select "id", "province_code", "case_id", "uploaded_by", "by_reporter", "created_at" from "rights_attachments" where ("rights_attachments"."id" = $1 and "rights_attachments"."case_id" = $2);

-- findCase
select "id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at" from "rights_cases" where "rights_cases"."id" = $1;

-- findCaseByFollowUp
select "id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at" from "rights_cases" where ("rights_cases"."follow_up_hash" = $1 and "rights_cases"."province_code" = $2);

-- insertAttachment
insert into "rights_attachments" ("id", "province_code", "case_id", "uploaded_by", "by_reporter", "created_at") values (default, default, default, default, default, default) returning "id";

-- insertBreakGlass
insert into "rights_break_glass" ("id", "province_code", "case_id", "user_id", "reason", "expires_at", "created_at") values (default, default, default, default, default, default, default);

-- insertCase
insert into "rights_cases" ("id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at";

-- insertCases
insert into "rights_cases" ("id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- insertEvent
insert into "rights_case_events" ("id", "province_code", "case_id", "action", "actor_user_id", "from_stage", "to_stage", "note", "organisation_id", "public", "created_at") values (default, default, default, default, default, default, default, default, default, default, default);

-- insertEvents
insert into "rights_case_events" ("id", "province_code", "case_id", "action", "actor_user_id", "from_stage", "to_stage", "note", "organisation_id", "public", "created_at") values (default, default, default, default, default, default, default, default, default, default, default);

-- listCasePage
select "rights_cases"."id", "rights_cases"."province_code", "rights_cases"."kind", "rights_cases"."category", "rights_cases"."stage", "rights_cases"."deadline_class", "rights_cases"."title", "rights_cases"."description", "rights_cases"."anonymous", "rights_cases"."confidential", "rights_cases"."reporter_user_id", "rights_cases"."follow_up_hash", "rights_cases"."received_organisation_id", "rights_cases"."organisation_id", "rights_cases"."organisation_path", "rights_cases"."handler_user_id", "rights_cases"."accepted_on", "rights_cases"."due_on", "rights_cases"."warn_on", "rights_cases"."warned_at", "rights_cases"."next_escalation_on", "rights_cases"."overdue", "rights_cases"."escalation_level", "rights_cases"."escalated_to_id", "rights_cases"."details", "rights_cases"."employer_key", "rights_cases"."resolution", "rights_cases"."closed_at", "rights_cases"."closed_on_time", "rights_cases"."rating", "rights_cases"."version", "rights_cases"."created_at", "rights_cases"."updated_at", "organisations"."name", "users"."display_name" from "rights_cases" inner join "organisations" on "organisations"."id" = "rights_cases"."organisation_id" left join "users" on "users"."id" = "rights_cases"."handler_user_id" where (((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $1::ltree)) OR "rights_cases"."id" = ANY($2::bigint[])) and "rights_cases"."stage" = $3 and "rights_cases"."kind" = $4 and "rights_cases"."title" ILIKE $5 and ("rights_cases"."organisation_path" <@ $6::ltree)) order by "rights_cases"."created_at" desc, "rights_cases"."id" desc limit $7;

SELECT count(*)::int AS n FROM (SELECT 1 FROM rights_cases WHERE (((NOT "rights_cases"."confidential" AND ("rights_cases"."organisation_path" <@ $1::ltree)) OR "rights_cases"."id" = ANY($2::bigint[])) and "rights_cases"."stage" = $3 and "rights_cases"."kind" = $4 and "rights_cases"."title" ILIKE $5 and ("rights_cases"."organisation_path" <@ $6::ltree)) LIMIT $7) capped;

-- listDesks
select "id", "name" from "organisations" where ("organisations"."type" = $1 and "organisations"."level" in ($2, $3) and "organisations"."status" = $4) order by "organisations"."level" asc, "organisations"."name" COLLATE "zh-x-icu";

-- roleHoldersOver
select distinct "users"."id", "users"."display_name", "organisations"."name", nlevel("organisations"."path") from "role_assignments" inner join "users" on "users"."id" = "role_assignments"."user_id" inner join "organisations" on "organisations"."id" = "role_assignments"."organisation_id" where ("role_assignments"."role" in ($1) and "users"."status" = $2 and $3::ltree <@ "organisations"."path");

-- teamAndBreakGlassCaseIds
SELECT case_id AS id FROM rights_case_team WHERE user_id = $1
    UNION SELECT case_id FROM rights_break_glass WHERE user_id = $2 AND expires_at > now();

-- teamRolesOf
select "role" from "rights_case_team" where ("rights_case_team"."case_id" = $1 and "rights_case_team"."province_code" = $2 and "rights_case_team"."user_id" = $3);

-- unionPathOfMember
select "organisations"."path" from "members" inner join "organisations" on "organisations"."id" = "members"."organisation_id" where "members"."user_id" = $1 limit $2;

-- updateCaseAtVersion
update "rights_cases" set "version" = $1, "updated_at" = $2 where (("rights_cases"."id" = $3 and "rights_cases"."province_code" = $4) and "rights_cases"."version" = $5) returning "id", "province_code", "kind", "category", "stage", "deadline_class", "title", "description", "anonymous", "confidential", "reporter_user_id", "follow_up_hash", "received_organisation_id", "organisation_id", "organisation_path", "handler_user_id", "accepted_on", "due_on", "warn_on", "warned_at", "next_escalation_on", "overdue", "escalation_level", "escalated_to_id", "details", "employer_key", "resolution", "closed_at", "closed_on_time", "rating", "version", "created_at", "updated_at";

-- userNameAndMobile
select "display_name", "mobile_enc" from "users" where "users"."id" = $1;

-- wageArrearsReportsAbout
select count(*)::int from "rights_cases" where ("rights_cases"."employer_key" = $1 and "rights_cases"."province_code" = $2 and "rights_cases"."kind" = $3 and "rights_cases"."created_at" > now() - interval '12 months');
