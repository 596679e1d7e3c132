-- diffTalliesFromRecount
SELECT organisation_id, dimension, value FROM (
      (SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0
       EXCEPT SELECT * FROM member_tallies_recounted())
      UNION ALL
      (SELECT * FROM member_tallies_recounted()
       EXCEPT SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0)
    ) d LIMIT 20;

-- employerCoverage
select count(*)::int, count("employers"."covering_union_id")::int, coalesce(sum("employers"."employee_count"), 0)::bigint from "employers" inner join "organisations" on "organisations"."id" = "employers"."organisation_id" where ("organisations"."path" <@ $1::ltree);

-- listRootOrganisations
select "id", "name" from "organisations" where "organisations"."parent_id" IS NULL;

-- readTallies
select "dimension", "value", sum("count")::bigint from "member_tallies" where ("member_tallies"."organisation_id" = $1 and "member_tallies"."count" <> $2) group by "member_tallies"."dimension", "member_tallies"."value";

-- searchEmployers
select "id", "name" from "employers" where "employers"."name" LIKE $1 order by "employers"."name" asc limit $2;

-- searchUnions
select "id", "name" from "organisations" where ("organisations"."status" = $1 and "organisations"."type" in ($2, $3, $4, $5) and "organisations"."name" LIKE $6) order by "organisations"."name" asc limit $7;
