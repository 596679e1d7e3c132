-- applyLapse
update "members" set "status" = $1, "status_since" = $2, "updated_at" = $3 where (("members"."organisation_path" <@ $4::ltree) and "members"."status" = $5 and "members"."joined_on" < $6 and ("members"."last_participation_on" IS NULL or "members"."last_participation_on" < $7) and NOT EXISTS (SELECT 1 FROM "dues_payments" p WHERE p.member_id = "members"."id" AND p.month >= $8)) returning "id", "province_code", "organisation_id";

-- findEmployer
select "id", "province_code", "name", "covering_union_id" from "employers" where "employers"."id" = $1;

-- findEmployersByUscc
select "id", "uscc" from "employers" where ("employers"."uscc" in $1 and "employers"."province_code" = $2);

-- findHoldingUnionForRegion
select "id", "name" from "organisations" where ("organisations"."type" = $1 and "organisations"."status" = $2 and left("organisations"."region_code", 4) = ($3)) order by "organisations"."region_code" = $4 DESC, "organisations"."id" asc limit $5;

-- findMemberByIdHash
select "members"."id", "members"."province_code", "members"."name", "members"."status", "member_union"."name", "members"."user_id" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" where "members"."id_number_hash" = $1;

-- findMemberByMobileHash
select "id", "user_id", "id_number_hash" from "members" where "members"."mobile_hash" = $1;

-- findMemberByUser
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where "members"."user_id" = $1;

-- findMemberInScope
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where ("members"."id" = $1 and ("members"."organisation_path" <@ $2::ltree));

-- findMemberView
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where "members"."id" = $1;

-- findUnion
select "id", "name", "path", "type" from "organisations" where ("organisations"."id" = $1 and "organisations"."status" = $2 and "organisations"."type" in ($3, $4, $5, $6));

-- grantMemberRole
SELECT pg_notify($1, $2);

insert into "role_assignments" ("id", "user_id", "organisation_id", "role", "created_at") values (default, $1, $2, $3, default) on conflict do nothing;

-- insertMember (stopped early on stand-in arguments)
select "region_code" from "organisations" where "organisations"."id" = $1;

-- insertStatusEvent
insert into "member_status_events" ("id", "province_code", "member_id", "status", "effective_on", "reason", "organisation_id", "actor_user_id", "actor_name", "created_at") values (default, default, default, default, default, default, default, default, default, default);

-- iterateMembers
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where ((("members"."organisation_path" <@ $1::ltree) and ("members"."organisation_path" <@ $2::ltree) and "members"."employer_id" = $3 and "members"."status" = $4 and "members"."employment_form" = $5 and "members"."id_number_hash" = $6 and "members"."mobile_hash" = $7 and "members"."member_number" = $8 and "members"."name_tokens" @> ARRAY[$9]::text[] and "members"."name" LIKE $10) and "members"."id" > $11) order by "members"."id" asc limit $12;

-- listMembers
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where (("members"."organisation_path" <@ $1::ltree) and ("members"."organisation_path" <@ $2::ltree) and "members"."employer_id" = $3 and "members"."status" = $4 and "members"."employment_form" = $5 and "members"."id_number_hash" = $6 and "members"."mobile_hash" = $7 and "members"."member_number" = $8 and "members"."name_tokens" @> ARRAY[$9]::text[] and "members"."name" LIKE $10) order by "members"."id" desc limit $11;

-- listStatusEvents
select "member_status_events"."id", "member_status_events"."province_code", "member_status_events"."member_id", "member_status_events"."status", "member_status_events"."effective_on", "member_status_events"."reason", "member_status_events"."organisation_id", "member_status_events"."actor_user_id", "member_status_events"."actor_name", "member_status_events"."created_at", "organisations"."name" from "member_status_events" inner join "organisations" on "organisations"."id" = "member_status_events"."organisation_id" where "member_status_events"."member_id" = $1 order by "member_status_events"."effective_on" desc, "member_status_events"."id" desc;

-- lockMember
select "id", "province_code", "member_number", "user_id", "organisation_id", "organisation_path", "name", "name_search", "name_tokens", "gender", "birth_year", "id_number_enc", "id_number_hash", "mobile_enc", "mobile_hash", "employer_id", "employment_form", "platform", "job_type", "residence_region_code", "monthly_wage_enc", "dues_monthly_fen", "status", "status_since", "joined_on", "last_participation_on", "source", "created_at", "updated_at" from "members" where "members"."id" = $1 for update;

-- MEMBER.exists
select "id" from "members" where "members"."id" = $1;

-- MEMBER.inScope
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where ("members"."id" = $1 and ("members"."organisation_path" <@ $2::ltree));

-- memberExists
select "id" from "members" where "members"."id" = $1;

-- moveMemberRole
SELECT pg_notify($1, $2);

update "role_assignments" set "organisation_id" = $1 where ("role_assignments"."user_id" = $2 and "role_assignments"."role" = $3 and "role_assignments"."organisation_id" = $4);

-- previewLapse
select "members"."id", "members"."province_code", "members"."member_number", "members"."user_id", "members"."organisation_id", "members"."organisation_path", "members"."name", "members"."name_search", "members"."name_tokens", "members"."gender", "members"."birth_year", "members"."id_number_enc", "members"."id_number_hash", "members"."mobile_enc", "members"."mobile_hash", "members"."employer_id", "members"."employment_form", "members"."platform", "members"."job_type", "members"."residence_region_code", "members"."monthly_wage_enc", "members"."dues_monthly_fen", "members"."status", "members"."status_since", "members"."joined_on", "members"."last_participation_on", "members"."source", "members"."created_at", "members"."updated_at", "member_union"."name", "member_employer"."name" from "members" inner join "organisations" "member_union" on "member_union"."id" = "members"."organisation_id" left join "employers" "member_employer" on ("member_employer"."id" = "members"."employer_id" and "member_employer"."province_code" = "members"."province_code") where (("members"."organisation_path" <@ $1::ltree) and "members"."status" = $2 and "members"."joined_on" < $3 and ("members"."last_participation_on" IS NULL or "members"."last_participation_on" < $4) and NOT EXISTS (SELECT 1 FROM "dues_payments" p WHERE p.member_id = "members"."id" AND p.month >= $5)) order by "members"."id" asc limit $6;

select count(*) from "members" where (("members"."organisation_path" <@ $1::ltree) and "members"."status" = $2 and "members"."joined_on" < $3 and ("members"."last_participation_on" IS NULL or "members"."last_participation_on" < $4) and NOT EXISTS (SELECT 1 FROM "dues_payments" p WHERE p.member_id = "members"."id" AND p.month >= $5));

-- updateMember
update "members" set "updated_at" = $1 where "members"."id" = $2 returning "id", "province_code", "member_number", "user_id", "organisation_id", "organisation_path", "name", "name_search", "name_tokens", "gender", "birth_year", "id_number_enc", "id_number_hash", "mobile_enc", "mobile_hash", "employer_id", "employment_form", "platform", "job_type", "residence_region_code", "monthly_wage_enc", "dues_monthly_fen", "status", "status_since", "joined_on", "last_participation_on", "source", "created_at", "updated_at";
