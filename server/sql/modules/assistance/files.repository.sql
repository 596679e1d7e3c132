-- applicationsInBrief
SELECT a.id, p.name AS programme_name, a.stage,
      coalesce(a.approved_fen, a.reviewed_fen, a.checked_fen, a.requested_fen) AS amount_fen,
      pay.status AS payment_status, a.created_at
    FROM assistance_applications a
    JOIN assistance_programmes p ON p.id = a.programme_id
    LEFT JOIN assistance_payments pay ON pay.application_id = a.id AND pay.province_code = a.province_code
    WHERE a.member_id = $1 AND a.province_code = $2
    ORDER BY a.created_at DESC;

-- eventsOf
select "id", "province_code", "file_id", "action", "actor_user_id", "note", "created_at" from "hardship_file_events" where ("hardship_file_events"."file_id" = $1 and "hardship_file_events"."province_code" = $2) order by "hardship_file_events"."id" asc;

-- filesOfMember
select "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at" from "hardship_files" where ("hardship_files"."member_id" = $1 and "hardship_files"."province_code" = $2) order by "hardship_files"."created_at" desc;

-- filesPage
select "hardship_files"."id", "hardship_files"."province_code", "hardship_files"."member_id", "hardship_files"."organisation_id", "hardship_files"."organisation_path", "hardship_files"."tier", "hardship_files"."primary_cause", "hardship_files"."secondary_causes", "hardship_files"."level", "hardship_files"."household_enc", "hardship_files"."income_per_head_enc", "hardship_files"."household_size", "hardship_files"."situation", "hardship_files"."status", "hardship_files"."verified_on", "hardship_files"."next_verification_on", "hardship_files"."closed_on", "hardship_files"."closed_reason", "hardship_files"."version", "hardship_files"."created_by", "hardship_files"."created_at", "hardship_files"."updated_at", m.name from "hardship_files" inner join members m on m.id = "hardship_files"."member_id" AND m.province_code = "hardship_files"."province_code" where (("hardship_files"."organisation_path" <@ $1::ltree) and "hardship_files"."status" = $2 and "hardship_files"."tier" = $3 and ("hardship_files"."status" = $4 and "hardship_files"."next_verification_on" <= $5) and EXISTS (SELECT 1 FROM members m WHERE m.id = "hardship_files"."member_id" AND m.province_code = "hardship_files"."province_code" AND m.name ilike $6)) order by "hardship_files"."next_verification_on" asc, "hardship_files"."id" desc limit $7 offset $8;

select count(*) from "hardship_files" where (("hardship_files"."organisation_path" <@ $1::ltree) and "hardship_files"."status" = $2 and "hardship_files"."tier" = $3 and ("hardship_files"."status" = $4 and "hardship_files"."next_verification_on" <= $5) and EXISTS (SELECT 1 FROM members m WHERE m.id = "hardship_files"."member_id" AND m.province_code = "hardship_files"."province_code" AND m.name ilike $6));

-- findFile
select "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at" from "hardship_files" where "hardship_files"."id" = $1;

-- HARDSHIP_FILE.exists
select "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at" from "hardship_files" where "hardship_files"."id" = $1;

-- HARDSHIP_FILE.inScope
select "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at" from "hardship_files" where ("hardship_files"."id" = $1 and ("hardship_files"."organisation_path" <@ $2::ltree));

-- insertEvent
insert into "hardship_file_events" ("id", "province_code", "file_id", "action", "actor_user_id", "note", "created_at") values (default, default, default, default, default, default, default);

-- insertFile
insert into "hardship_files" ("id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at";

-- memberExists
SELECT 1 FROM members WHERE id = $1;

-- memberNameOf
SELECT name FROM members WHERE id = $1 AND province_code = $2;

-- openFile
select "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at" from "hardship_files" where ("hardship_files"."member_id" = $1 and "hardship_files"."province_code" = $2 and "hardship_files"."status" = $3);

-- updateFile
update "hardship_files" set "version" = $1, "updated_at" = $2 where ("hardship_files"."id" = $3 and "hardship_files"."province_code" = $4 and "hardship_files"."version" = $5) returning "id", "province_code", "member_id", "organisation_id", "organisation_path", "tier", "primary_cause", "secondary_causes", "level", "household_enc", "income_per_head_enc", "household_size", "situation", "status", "verified_on", "next_verification_on", "closed_on", "closed_reason", "version", "created_by", "created_at", "updated_at";
