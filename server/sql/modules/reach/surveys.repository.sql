-- boxesToMix
SELECT b.survey_id FROM "survey_answer_box" b JOIN "surveys" s ON s.id = b.survey_id
    GROUP BY b.survey_id, s.status HAVING count(*) >= $1 OR s.status = 'closed';

-- chasedOn
select "organisation_id" from "survey_chases" where ("survey_chases"."survey_id" = $1 and "survey_chases"."day" = $2);

-- countAudience
INSERT INTO "survey_audience" (survey_id, organisation_id, organisation_path, members)
    SELECT $1::int8, m.organisation_id, m.organisation_path, count(*) FROM "members" m
    WHERE m.status IN ('active','retained','transferring') AND m.user_id IS NOT NULL AND m.organisation_path <@ ANY($2::ltree[]) AND m.employment_form = ANY($3::text[]) AND EXISTS (SELECT 1 FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code
            AND left(e.industry_code, 1) = ANY($4::text[])) AND EXISTS (
  SELECT 1 FROM "congress_delegates" d JOIN "congress_sessions" s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = m.id AND d.province_code = m.province_code AND s.status <> 'closed')
    GROUP BY m.organisation_id, m.organisation_path
    ON CONFLICT (survey_id, organisation_id) DO UPDATE SET members = EXCLUDED.members;

-- counted
SELECT '' AS d, t.value AS v, sum(t.n) AS n, sum(t.s) AS s
    FROM "survey_tallies" t
    WHERE t.survey_id = $1 AND t.question = $2 AND t.organisation_path <@ $3::ltree
    GROUP BY 1, 2;

-- crossedBy
SELECT coalesce(r.answers ->> $1, '') AS d, '' AS v, count(*) AS n, NULL AS s FROM "survey_responses" r JOIN "organisations" o ON o.id = r.organisation_id WHERE r.survey_id = $2 AND r.answers ? $3 AND o.path <@ $4::ltree GROUP BY 1;

-- draftOf
select "sealed" from "survey_drafts" where ("survey_drafts"."survey_id" = $1 and "survey_drafts"."user_id" = $2);

-- emptyBox
DELETE FROM "survey_answer_box" WHERE survey_id = $1 RETURNING sealed;

-- enumeratorsOf
select "survey_enumerators"."organisation_id", "organisations"."name", "organisations"."path", "survey_enumerators"."user_id", "users"."display_name" from "survey_enumerators" inner join "organisations" on "organisations"."id" = "survey_enumerators"."organisation_id" inner join "users" on "users"."id" = "survey_enumerators"."user_id" where "survey_enumerators"."survey_id" = $1 order by "organisations"."path";

-- fillUnder
SELECT CASE WHEN nlevel(a.organisation_path) > 1 THEN subpath(a.organisation_path, 1, 1)::text END AS child,
           sum(a.members) AS members, sum(a.answers) AS answers
    FROM "survey_audience" a
    WHERE a.survey_id = $1 AND a.organisation_path <@ $2::ltree
    GROUP BY 1;

-- findSurvey
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path" from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where "surveys"."id" = $1;

-- hasAnswered
select "user_id" from "survey_participants" where ("survey_participants"."survey_id" = $1 and "survey_participants"."user_id" = $2);

-- insertSurvey (stopped early on stand-in arguments)
insert into "surveys" ("id", "province_code", "organisation_id", "title", "description", "definition", "audience_org_ids", "employment_forms", "industries", "delegates_only", "anonymous", "status", "opens_at", "closes_at", "close_when_full", "closed_reason", "template", "counted_at", "created_by", "created_at", "updated_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id";

-- lockSurvey
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path" from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where "surveys"."id" = $1 for update of "surveys";

-- markCounted
update "surveys" set "counted_at" = now() where "surveys"."id" = $1;

-- notAnsweredUnder
SELECT m.user_id FROM "members" m
    WHERE m.status IN ('active','retained','transferring') AND m.user_id IS NOT NULL AND m.organisation_path <@ ANY($1::ltree[]) AND m.employment_form = ANY($2::text[]) AND EXISTS (SELECT 1 FROM employers e WHERE e.id = m.employer_id AND e.province_code = m.province_code
            AND left(e.industry_code, 1) = ANY($3::text[])) AND EXISTS (
  SELECT 1 FROM "congress_delegates" d JOIN "congress_sessions" s
    ON s.id = d.session_id AND s.province_code = d.province_code
  WHERE d.member_id = m.id AND d.province_code = m.province_code AND s.status <> 'closed')
      AND m.organisation_path <@ $4::ltree
      
      AND NOT EXISTS (SELECT 1 FROM "survey_participants" p WHERE p.user_id = m.user_id AND p.survey_id = $5)
    ORDER BY m.user_id LIMIT $6;

-- openBatch
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path", (SELECT coalesce(json_agg(json_build_object('surveyId', q.survey_id, 'id', q.id,
          'organisationId', q.organisation_id, 'industry', q.industry, 'cellQuestion', q.cell_question,
          'cellValue', q.cell_value, 'target', q.target, 'filled', q.filled) ORDER BY q.id), '[]')
        FROM (SELECT * FROM "survey_quotas" WHERE survey_id = $1
          AND organisation_id = ANY($2::int8[]) ORDER BY id FOR UPDATE) q), (SELECT coalesce(array_agg(p.user_id::text), '{}') FROM "survey_participants" p
        WHERE p.survey_id = $3 AND p.user_id = ANY($4::uuid[])) from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where "surveys"."id" = $5;

-- pastClosing
select "id" from "surveys" where ("surveys"."status" = $1 and "surveys"."closes_at" <= now());

-- placesUnder
select "id", "level", "path" from "organisations" where ("organisations"."path" <@ $1::ltree and "organisations"."level" in ($2) and "organisations"."status" = $3);

-- quotasAllFull (stopped early on stand-in arguments)
SELECT count(*) FILTER (WHERE filled < target) AS open, count(*) AS total FROM "survey_quotas" WHERE survey_id = $1;

-- quotasOf
select "survey_quotas"."survey_id", "survey_quotas"."id", "survey_quotas"."organisation_id", "survey_quotas"."industry", "survey_quotas"."cell_question", "survey_quotas"."cell_value", "survey_quotas"."target", "survey_quotas"."filled", "organisations"."name", "organisations"."path" from "survey_quotas" inner join "organisations" on "organisations"."id" = "survey_quotas"."organisation_id" where "survey_quotas"."survey_id" = $1 order by "organisations"."path", "survey_quotas"."id";

-- readerSurveysPage
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path", EXISTS (SELECT 1 FROM "survey_participants" p WHERE p.survey_id = "surveys"."id" AND p.user_id = $1) from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where ("surveys"."status" <> 'draft' AND "surveys"."opens_at" <= now() and ("surveys"."audience_org_ids" && $2::bigint[] and (cardinality("surveys"."employment_forms") = 0 OR $3 = ANY("surveys"."employment_forms")) and (cardinality("surveys"."industries") = 0 OR $4 = ANY("surveys"."industries"))) and "surveys"."status" = $5) order by "surveys"."status" = 'open' DESC, "surveys"."opens_at" desc, "surveys"."id" desc limit $6 offset $7;

select count(*) from "surveys" where ("surveys"."status" <> 'draft' AND "surveys"."opens_at" <= now() and ("surveys"."audience_org_ids" && $1::bigint[] and (cardinality("surveys"."employment_forms") = 0 OR $2 = ANY("surveys"."employment_forms")) and (cardinality("surveys"."industries") = 0 OR $3 = ANY("surveys"."industries"))) and "surveys"."status" = $4);

-- recordChase
insert into "survey_chases" ("survey_id", "organisation_id", "day", "people", "created_by", "created_at") values (default, default, default, default, default, default) on conflict do nothing returning "survey_id";

-- replaceEnumerators
delete from "survey_enumerators" where "survey_enumerators"."survey_id" = $1;

insert into "survey_enumerators" ("survey_id", "organisation_id", "user_id") values ($1, default, default);

-- replaceQuotas
delete from "survey_quotas" where "survey_quotas"."survey_id" = $1;

insert into "survey_quotas" ("survey_id", "id", "organisation_id", "industry", "cell_question", "cell_value", "target", "filled") values ($1, default, default, default, default, default, default, default);

-- responsesAfter
select "survey_responses"."response_key", "organisations"."name", "survey_responses"."industry", "survey_responses"."employment_form", "survey_responses"."day", "survey_responses"."mode", "survey_responses"."answers" from "survey_responses" inner join "organisations" on "organisations"."id" = "survey_responses"."organisation_id" where ("survey_responses"."survey_id" = $1 and "organisations"."path" <@ $2::ltree and "survey_responses"."response_key" > $3) order by "survey_responses"."response_key" limit $4;

-- retally
delete from "survey_tallies" where "survey_tallies"."survey_id" = $1;

WITH q AS (
      SELECT x.q ->> 'id' AS id, x.q ->> 'type' AS type
      FROM "surveys" s, jsonb_array_elements(s.definition -> 'sections') AS sec(v),
        jsonb_array_elements(sec.v -> 'questions') AS x(q)
      WHERE s.id = $1),
    r AS (
      SELECT organisation_id, coalesce(industry, '') AS industry,
        jsonb_strip_nulls(answers) AS answers
      FROM "survey_responses" WHERE survey_id = $2),
    v AS (
      SELECT '' AS question, organisation_id, industry, '' AS value, NULL::numeric AS x FROM r
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, '',
        CASE WHEN q.type IN ('number', 'scale') THEN (r.answers ->> q.id)::numeric END
      FROM r JOIN q ON r.answers ? q.id
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, r.answers ->> q.id, NULL
      FROM r JOIN q ON r.answers ? q.id AND q.type IN ('single', 'scale', 'region')
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, e.v, NULL
      FROM r JOIN q ON q.type = 'multiple' AND jsonb_typeof(r.answers -> q.id) = 'array'
        CROSS JOIN LATERAL jsonb_array_elements_text(r.answers -> q.id) AS e(v)
      UNION ALL
      SELECT q.id, r.organisation_id, r.industry, e.k || ':' || e.v, NULL
      FROM r JOIN q ON q.type = 'matrix' AND jsonb_typeof(r.answers -> q.id) = 'object'
        CROSS JOIN LATERAL jsonb_each_text(r.answers -> q.id) AS e(k, v))
    INSERT INTO "survey_tallies" (survey_id, question, organisation_id, industry, value, n, s)
    SELECT $3::int8, question, organisation_id, industry, value, count(*), sum(x)
    FROM v GROUP BY question, organisation_id, industry, value;

-- saveDraft
insert into "survey_drafts" ("survey_id", "user_id", "sealed", "updated_at") values ($1, $2, $3, default) on conflict ("survey_id","user_id") do update set "sealed" = $4, "updated_at" = now();

-- surveyExists
select "id" from "surveys" where "surveys"."id" = $1;

-- surveyInScope
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path" from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where ("surveys"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- surveysPage
select "surveys"."id", "surveys"."province_code", "surveys"."organisation_id", "surveys"."title", "surveys"."description", "surveys"."definition", "surveys"."audience_org_ids", "surveys"."employment_forms", "surveys"."industries", "surveys"."delegates_only", "surveys"."anonymous", "surveys"."status", "surveys"."opens_at", "surveys"."closes_at", "surveys"."close_when_full", "surveys"."closed_reason", "surveys"."template", "surveys"."counted_at", "surveys"."created_by", "surveys"."created_at", "surveys"."updated_at", "organisations"."name", "organisations"."path" from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where ((("organisations"."path" <@ $1::ltree) OR ("surveys"."status" <> 'draft' AND EXISTS (SELECT 1 FROM "organisations" a WHERE a.id = ANY("surveys"."audience_org_ids")
    AND (a.path <@ ANY($2::ltree[]) OR a.path @> ANY($3::ltree[]))))) and "surveys"."status" = $4) order by "surveys"."id" desc limit $5 offset $6;

select count(*) from "surveys" inner join "organisations" on "organisations"."id" = "surveys"."organisation_id" where ((("organisations"."path" <@ $1::ltree) OR ("surveys"."status" <> 'draft' AND EXISTS (SELECT 1 FROM "organisations" a WHERE a.id = ANY("surveys"."audience_org_ids")
    AND (a.path <@ ANY($2::ltree[]) OR a.path @> ANY($3::ltree[]))))) and "surveys"."status" = $4);

-- talliesOf
select "survey_id", "question", "organisation_id", "organisation_path", "industry", "value", "n", "s" from "survey_tallies" where "survey_tallies"."survey_id" = $1 order by "survey_tallies"."question", "survey_tallies"."organisation_id", "survey_tallies"."industry", "survey_tallies"."value";

-- totalsOf
SELECT s.id AS survey_id,
      (SELECT coalesce(sum(members), 0) FROM "survey_audience" a WHERE a.survey_id = s.id) AS members,
      (SELECT coalesce(sum(answers), 0) FROM "survey_audience" a WHERE a.survey_id = s.id) AS answers,
      (SELECT count(*) FROM "survey_answer_box" b WHERE b.survey_id = s.id) AS waiting
    FROM "surveys" s WHERE s.id = ANY($1::int8[]);

-- uncounted
select "id", "province_code", "organisation_id", "title", "description", "definition", "audience_org_ids", "employment_forms", "industries", "delegates_only", "anonymous", "status", "opens_at", "closes_at", "close_when_full", "closed_reason", "template", "counted_at", "created_by", "created_at", "updated_at" from "surveys" where (("surveys"."status" = 'open' AND "surveys"."opens_at" <= now()
  AND ("surveys"."closes_at" IS NULL OR "surveys"."closes_at" > now())) and "surveys"."counted_at" is null) limit $1;

-- updateSurvey
update "surveys" set "updated_at" = now() where "surveys"."id" = $1;

-- upsertQuota
select "survey_id", "id", "organisation_id", "industry", "cell_question", "cell_value", "target", "filled" from "survey_quotas" where ("survey_quotas"."survey_id" = $1 and "survey_quotas"."organisation_id" = $2 and "survey_quotas"."industry" = $3 and "survey_quotas"."cell_question" is null) for update;

INSERT INTO "survey_quotas" (survey_id, organisation_id, industry, target, filled)
    SELECT $1::int8, $2::int8, $3::text, $4::int4, least($5::int4, (
      SELECT count(*) FROM "survey_participants" p JOIN "organisations" o ON o.id = p.organisation_id
      WHERE p.survey_id = $6 AND o.path <@ (SELECT path FROM "organisations" WHERE id = $7)
        AND ($8::text IS NULL OR p.industry = $9::text)));

-- usersExist
select "id" from "users" where "users"."id" in ($1);
