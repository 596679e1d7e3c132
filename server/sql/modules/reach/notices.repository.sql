-- audienceMeetsScope
select "id" from "organisations" where ("organisations"."id" in ($1) and (("organisations"."path" <@ $2::ltree) OR "organisations"."path" @> ANY($3::ltree[]))) limit $4;

-- cadresAt
select "user_id", "organisation_id" from "role_assignments" where ("role_assignments"."organisation_id" in ($1) and "role_assignments"."role" in ($2, $3));

-- chasedOn
select "organisation_id" from "notice_chases" where ("notice_chases"."notice_id" = $1 and "notice_chases"."kind" = $2 and "notice_chases"."day" = $3);

-- childrenOf
select "id", "name", "path", EXISTS (SELECT 1 FROM organisations c WHERE c.parent_id = "organisations"."id") from "organisations" where "organisations"."parent_id" = $1;

-- countAudience
INSERT INTO "notice_audience" (notice_id, organisation_id, organisation_path, members)
    SELECT $1::int8, m.organisation_id, m.organisation_path, count(*) FROM "members" m
    WHERE m.status IN ('active','retained','transferring') AND m.user_id IS NOT NULL AND m.organisation_path <@ ANY($2::ltree[]) AND m.employment_form = ANY($3::text[]) AND EXISTS (SELECT 1 FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code
            AND left(e.industry_code, 1) = ANY($4::text[])) AND EXISTS (
  SELECT 1 FROM "congress_delegates" d JOIN "congress_sessions" s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = m.id AND d.province_code = m.province_code AND s.status <> 'closed')
    GROUP BY m.organisation_id, m.organisation_path
    ON CONFLICT (notice_id, organisation_id) DO UPDATE SET members = EXCLUDED.members;

update "notices" set "counted_at" = now() where "notices"."id" = $1;

-- escalationsPending
select "id", "province_code", "organisation_id", "kind", "title", "body", "attachments", "audience_org_ids", "employment_forms", "industries", "delegates_only", "status", "publish_at", "pinned", "escalate_after_days", "counted_at", "escalated_at", "withdrawn_at", "withdrawn_reason", "created_by", "created_at", "updated_at" from "notices" where (("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and "notices"."escalate_after_days" IS NOT NULL and "notices"."escalated_at" is null);

-- findNotice
select "notices"."id", "notices"."province_code", "notices"."organisation_id", "notices"."kind", "notices"."title", "notices"."body", "notices"."attachments", "notices"."audience_org_ids", "notices"."employment_forms", "notices"."industries", "notices"."delegates_only", "notices"."status", "notices"."publish_at", "notices"."pinned", "notices"."escalate_after_days", "notices"."counted_at", "notices"."escalated_at", "notices"."withdrawn_at", "notices"."withdrawn_reason", "notices"."created_by", "notices"."created_at", "notices"."updated_at", "organisations"."name", "organisations"."path" from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" where "notices"."id" = $1;

-- insertNotice (stopped early on stand-in arguments)
insert into "notices" ("id", "province_code", "organisation_id", "kind", "title", "body", "attachments", "audience_org_ids", "employment_forms", "industries", "delegates_only", "status", "publish_at", "pinned", "escalate_after_days", "counted_at", "escalated_at", "withdrawn_at", "withdrawn_reason", "created_by", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- isAddressedTo
select "id" from "notices" where ("notices"."id" = $1 and (("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and ("notices"."audience_org_ids" && $2::bigint[] and (cardinality("notices"."employment_forms") = 0 OR $3 = ANY("notices"."employment_forms")) and (cardinality("notices"."industries") = 0 OR $4 = ANY("notices"."industries")))));

-- lockNotice
select "notices"."id", "notices"."province_code", "notices"."organisation_id", "notices"."kind", "notices"."title", "notices"."body", "notices"."attachments", "notices"."audience_org_ids", "notices"."employment_forms", "notices"."industries", "notices"."delegates_only", "notices"."status", "notices"."publish_at", "notices"."pinned", "notices"."escalate_after_days", "notices"."counted_at", "notices"."escalated_at", "notices"."withdrawn_at", "notices"."withdrawn_reason", "notices"."created_by", "notices"."created_at", "notices"."updated_at", "organisations"."name", "organisations"."path" from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" where "notices"."id" = $1 for update of "notices";

-- noticeExists
select "id" from "notices" where "notices"."id" = $1;

-- noticeInScope
select "notices"."id", "notices"."province_code", "notices"."organisation_id", "notices"."kind", "notices"."title", "notices"."body", "notices"."attachments", "notices"."audience_org_ids", "notices"."employment_forms", "notices"."industries", "notices"."delegates_only", "notices"."status", "notices"."publish_at", "notices"."pinned", "notices"."escalate_after_days", "notices"."counted_at", "notices"."escalated_at", "notices"."withdrawn_at", "notices"."withdrawn_reason", "notices"."created_by", "notices"."created_at", "notices"."updated_at", "organisations"."name", "organisations"."path" from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" where ("notices"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- noticesPage
select "notices"."id", "notices"."province_code", "notices"."organisation_id", "notices"."kind", "notices"."title", "notices"."body", "notices"."attachments", "notices"."audience_org_ids", "notices"."employment_forms", "notices"."industries", "notices"."delegates_only", "notices"."status", "notices"."publish_at", "notices"."pinned", "notices"."escalate_after_days", "notices"."counted_at", "notices"."escalated_at", "notices"."withdrawn_at", "notices"."withdrawn_reason", "notices"."created_by", "notices"."created_at", "notices"."updated_at", "organisations"."name", "organisations"."path" from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" where ((("organisations"."path" <@ $1::ltree) OR ("notices"."status" <> 'draft' AND EXISTS (SELECT 1 FROM "organisations" a WHERE a.id = ANY("notices"."audience_org_ids")
    AND (a.path <@ ANY($2::ltree[]) OR a.path @> ANY($3::ltree[]))))) and "organisations"."path" <@ $4::ltree and "notices"."status" = $5) order by "notices"."pinned" desc, "notices"."publish_at" DESC NULLS FIRST, "notices"."id" desc limit $6 offset $7;

select count(*) from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" where ((("organisations"."path" <@ $1::ltree) OR ("notices"."status" <> 'draft' AND EXISTS (SELECT 1 FROM "organisations" a WHERE a.id = ANY("notices"."audience_org_ids")
    AND (a.path <@ ANY($2::ltree[]) OR a.path @> ANY($3::ltree[]))))) and "organisations"."path" <@ $4::ltree and "notices"."status" = $5);

-- organisationsByIds
select "id", "name", "path", "status" from "organisations" where "organisations"."id" in ($1);

-- readAtOf
select "read_at" from "notice_reads" where ("notice_reads"."user_id" = $1 and "notice_reads"."notice_id" = $2);

-- readerNoticesPage
select "notices"."id", "notices"."province_code", "notices"."organisation_id", "notices"."kind", "notices"."title", "notices"."body", "notices"."attachments", "notices"."audience_org_ids", "notices"."employment_forms", "notices"."industries", "notices"."delegates_only", "notices"."status", "notices"."publish_at", "notices"."pinned", "notices"."escalate_after_days", "notices"."counted_at", "notices"."escalated_at", "notices"."withdrawn_at", "notices"."withdrawn_reason", "notices"."created_by", "notices"."created_at", "notices"."updated_at", "organisations"."name", "organisations"."path", "notice_reads"."read_at", count(*) OVER (), count(*) FILTER (WHERE "notice_reads"."read_at" IS NULL) OVER () from "notices" inner join "organisations" on "organisations"."id" = "notices"."organisation_id" left join "notice_reads" on ("notice_reads"."user_id" = $1 and "notice_reads"."notice_id" = "notices"."id") where ((("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and ("notices"."audience_org_ids" && $2::bigint[] and (cardinality("notices"."employment_forms") = 0 OR $3 = ANY("notices"."employment_forms")) and (cardinality("notices"."industries") = 0 OR $4 = ANY("notices"."industries")))) and "notices"."kind" = $5 and "notice_reads"."read_at" is null) order by "notices"."pinned" desc, "notices"."publish_at" desc, "notices"."id" desc limit $6 offset $7;

select count(*), count(*) FILTER (WHERE "notice_reads"."read_at" IS NULL) from "notices" left join "notice_reads" on ("notice_reads"."user_id" = $1 and "notice_reads"."notice_id" = "notices"."id") where ((("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and ("notices"."audience_org_ids" && $2::bigint[] and (cardinality("notices"."employment_forms") = 0 OR $3 = ANY("notices"."employment_forms")) and (cardinality("notices"."industries") = 0 OR $4 = ANY("notices"."industries")))) and "notices"."kind" = $5 and "notice_reads"."read_at" is null);

-- readerOf
SELECT m.id AS member_id, m.province_code, m.organisation_id, m.organisation_path::text AS organisation_path,
      m.employment_form,
      (SELECT left(e.industry_code, 1) FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code) AS industry,
      EXISTS (
  SELECT 1 FROM "congress_delegates" d JOIN "congress_sessions" s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = m.id AND d.province_code = m.province_code AND s.status <> 'closed') AS delegate
    FROM "members" m WHERE m.user_id = $1 AND m.status IN ('active','retained','transferring') LIMIT 1;

-- readRateUnder
SELECT CASE WHEN nlevel(a.organisation_path) > 1 THEN subpath(a.organisation_path, 1, 1)::text END AS child, sum(a.members) AS members, sum(a.reads) AS reads
    FROM "notice_audience" a
    WHERE a.notice_id = $1 AND a.organisation_path <@ $2::ltree
    GROUP BY 1;

-- recordChase
insert into "notice_chases" ("notice_id", "organisation_id", "kind", "day", "people", "created_by", "created_at") values (default, default, default, default, default, default, default) on conflict do nothing returning "notice_id";

-- recordReads
insert into "notice_reads" ("user_id", "notice_id", "organisation_id", "read_at") values ($1, $2, $3, default) on conflict do nothing returning "notice_id";

-- totalsOf
select "notice_id", sum("members")::int8, sum("reads")::int8 from "notice_audience" where "notice_audience"."notice_id" in ($1) group by "notice_audience"."notice_id";

-- uncounted
select "id", "province_code", "organisation_id", "kind", "title", "body", "attachments", "audience_org_ids", "employment_forms", "industries", "delegates_only", "status", "publish_at", "pinned", "escalate_after_days", "counted_at", "escalated_at", "withdrawn_at", "withdrawn_reason", "created_by", "created_at", "updated_at" from "notices" where (("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and "notices"."counted_at" is null) limit $1;

-- unreadNoticeCount
select count(*) from "notices" left join "notice_reads" on ("notice_reads"."user_id" = $1 and "notice_reads"."notice_id" = "notices"."id") where ((("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and ("notices"."audience_org_ids" && $2::bigint[] and (cardinality("notices"."employment_forms") = 0 OR $3 = ANY("notices"."employment_forms")) and (cardinality("notices"."industries") = 0 OR $4 = ANY("notices"."industries")))) and "notice_reads"."read_at" is null);

-- unreadNoticeIds
select "notices"."id" from "notices" left join "notice_reads" on ("notice_reads"."user_id" = $1 and "notice_reads"."notice_id" = "notices"."id") where ((("notices"."status" = 'published' AND "notices"."publish_at" <= now()) and ("notices"."audience_org_ids" && $2::bigint[] and (cardinality("notices"."employment_forms") = 0 OR $3 = ANY("notices"."employment_forms")) and (cardinality("notices"."industries") = 0 OR $4 = ANY("notices"."industries")))) and "notice_reads"."read_at" is null);

-- unreadOrganisations
select "organisations"."id", "organisations"."path", "notice_audience"."members", "notice_audience"."reads" from "notice_audience" inner join "organisations" on "organisations"."id" = "notice_audience"."organisation_id" where ("notice_audience"."notice_id" = $1 and "notice_audience"."members" > "notice_audience"."reads");

-- unreadUnder
SELECT m.user_id FROM "members" m
    WHERE m.status IN ('active','retained','transferring') AND m.user_id IS NOT NULL AND m.organisation_path <@ ANY($1::ltree[]) AND m.employment_form = ANY($2::text[]) AND EXISTS (SELECT 1 FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code
            AND left(e.industry_code, 1) = ANY($3::text[])) AND EXISTS (
  SELECT 1 FROM "congress_delegates" d JOIN "congress_sessions" s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = m.id AND d.province_code = m.province_code AND s.status <> 'closed') AND m.organisation_path <@ $4::ltree
      AND NOT EXISTS (SELECT 1 FROM "notice_reads" r WHERE r.user_id = m.user_id AND r.notice_id = $5);

-- updateNotice
update "notices" set "updated_at" = now() where "notices"."id" = $1;
