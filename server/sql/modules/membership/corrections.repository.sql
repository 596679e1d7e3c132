-- correctionExists
select "id" from "correction_requests" where "correction_requests"."id" = $1;

-- countOpenCorrections
select count(*) from "correction_requests" inner join "members" on ("members"."id" = "correction_requests"."member_id" and "members"."province_code" = "correction_requests"."province_code") where ("correction_requests"."status" = $1 and ("members"."organisation_path" <@ $2::ltree));

-- insertCorrection
insert into "correction_requests" ("id", "province_code", "member_id", "field", "message", "status", "reply", "handled_by", "created_at", "handled_at") values (default, default, default, default, default, default, default, default, default, default) returning "id", "province_code", "member_id", "field", "message", "status", "reply", "handled_by", "created_at", "handled_at";

-- listAccessToMember
select "occurred_at", "action", "actor_name" from "audit_log" where (("audit_log"."subject_type" = $1 and "audit_log"."subject_id" = $2) and ("audit_log"."actor_user_id" IS NULL or "audit_log"."actor_user_id" <> $3)) order by "audit_log"."id" desc limit $4;

-- listCorrections
select "correction_requests"."id", "correction_requests"."province_code", "correction_requests"."member_id", "correction_requests"."field", "correction_requests"."message", "correction_requests"."status", "correction_requests"."reply", "correction_requests"."handled_by", "correction_requests"."created_at", "correction_requests"."handled_at", "members"."name", "members"."member_number", "members"."organisation_id" from "correction_requests" inner join "members" on ("members"."id" = "correction_requests"."member_id" and "members"."province_code" = "correction_requests"."province_code") where (("members"."organisation_path" <@ $1::ltree) and "correction_requests"."member_id" = $2 and "correction_requests"."status" = $3) order by "correction_requests"."id" desc limit $4;

select count(*) from "correction_requests" inner join "members" on ("members"."id" = "correction_requests"."member_id" and "members"."province_code" = "correction_requests"."province_code") where (("members"."organisation_path" <@ $1::ltree) and "correction_requests"."member_id" = $2 and "correction_requests"."status" = $3);

-- lockCorrectionInScope
select "correction_requests"."id", "correction_requests"."province_code", "correction_requests"."member_id", "correction_requests"."field", "correction_requests"."message", "correction_requests"."status", "correction_requests"."reply", "correction_requests"."handled_by", "correction_requests"."created_at", "correction_requests"."handled_at", "members"."name", "members"."member_number", "members"."organisation_id" from "correction_requests" inner join "members" on ("members"."id" = "correction_requests"."member_id" and "members"."province_code" = "correction_requests"."province_code") where ("correction_requests"."id" = $1 and ("members"."organisation_path" <@ $2::ltree)) for update of "correction_requests";
