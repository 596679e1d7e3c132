-- countActiveChildren
select count(*) from "organisations" where ("organisations"."parent_id" = $1 and "organisations"."status" = $2);

-- countEmployersOf
select count(*) from "employers" where "employers"."organisation_id" = $1;

-- employerExists
select "id" from "employers" where "employers"."id" = $1;

-- findEmployerByUscc
select "id" from "employers" where "employers"."uscc" = $1;

-- findEmployerInScope
select "employers"."id", "employers"."province_code", "employers"."name", "employers"."uscc", "employers"."industry_code", "employers"."ownership_type", "employers"."region_code", "employers"."employee_count", "employers"."organisation_id", "employers"."covering_union_id", "employers"."created_at", "employers"."updated_at", "keeper"."name", "covering_union"."name" from "employers" inner join "organisations" "keeper" on "keeper"."id" = "employers"."organisation_id" left join "organisations" "covering_union" on "covering_union"."id" = "employers"."covering_union_id" where ("employers"."id" = $1 and ("keeper"."path" <@ $2::ltree));

-- findOrganisationInScope
select "id", "parent_id", "path", "name", "type", "level", "region_code", "status", "closed_reason", "closed_at", "created_at", "updated_at", (SELECT count(*)::int FROM organisations c WHERE c.parent_id = "organisations"."id" AND c.status = 'active') from "organisations" where ("organisations"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- insertEmployer (stopped early on stand-in arguments)
select "region_code" from "organisations" where "organisations"."id" = $1;

-- insertOrganisation (stopped early on stand-in arguments)
SELECT nextval(pg_get_serial_sequence('organisations', 'id')) AS id;

-- listAncestors
select "id", "name" from "organisations" where ("organisations"."path" @> $1::ltree and "organisations"."path" <> $2::ltree and ("organisations"."path" <@ $3::ltree)) order by nlevel("organisations"."path");

-- listEmployers
select "employers"."id", "employers"."province_code", "employers"."name", "employers"."uscc", "employers"."industry_code", "employers"."ownership_type", "employers"."region_code", "employers"."employee_count", "employers"."organisation_id", "employers"."covering_union_id", "employers"."created_at", "employers"."updated_at", "keeper"."name", "covering_union"."name" from "employers" inner join "organisations" "keeper" on "keeper"."id" = "employers"."organisation_id" left join "organisations" "covering_union" on "covering_union"."id" = "employers"."covering_union_id" where (("keeper"."path" <@ $1::ltree) and ("keeper"."path" <@ $2::ltree) and "employers"."name" ilike $3) order by "employers"."name" COLLATE "zh-x-icu", "employers"."id" limit $4;

select count(*) from "employers" inner join "organisations" "keeper" on "keeper"."id" = "employers"."organisation_id" where (("keeper"."path" <@ $1::ltree) and ("keeper"."path" <@ $2::ltree) and "employers"."name" ilike $3);

-- listOrganisations
select "id", "parent_id", "path", "name", "type", "level", "region_code", "status", "closed_reason", "closed_at", "created_at", "updated_at", (SELECT count(*)::int FROM organisations c WHERE c.parent_id = "organisations"."id" AND c.status = 'active') from "organisations" where (("organisations"."path" <@ $1::ltree) and "organisations"."parent_id" = $2 and "organisations"."name" ilike $3) order by "organisations"."name" COLLATE "zh-x-icu", "organisations"."id" limit $4;

select count(*) from "organisations" where (("organisations"."path" <@ $1::ltree) and "organisations"."parent_id" = $2 and "organisations"."name" ilike $3);

-- lockEmployer
select "id", "province_code", "name", "uscc", "industry_code", "ownership_type", "region_code", "employee_count", "organisation_id", "covering_union_id", "created_at", "updated_at" from "employers" where "employers"."id" = $1 for update;

-- lockOrganisation
select "id", "parent_id", "path", "name", "type", "level", "region_code", "status", "closed_reason", "closed_at", "created_at", "updated_at" from "organisations" where ("organisations"."id" = $1 and ("organisations"."path" <@ $2::ltree)) for update;

-- lockSubtree
SELECT id FROM organisations WHERE path <@ $1::ltree ORDER BY id FOR UPDATE;

-- rewriteSubtreePaths
SELECT pg_notify($1, $2);

UPDATE organisations
    SET path = $1::ltree || subpath(path, nlevel($2::ltree) - 1), updated_at = now()
    WHERE path <@ $3::ltree;

-- updateEmployer
update "employers" set "updated_at" = $1 where "employers"."id" = $2 returning "id", "province_code", "name", "uscc", "industry_code", "ownership_type", "region_code", "employee_count", "organisation_id", "covering_union_id", "created_at", "updated_at";

-- updateOrganisation
update "organisations" set "updated_at" = $1 where "organisations"."id" = $2 returning "id", "parent_id", "path", "name", "type", "level", "region_code", "status", "closed_reason", "closed_at", "created_at", "updated_at";
