-- budgetAvailable
select "amount_fen", "committed_fen" from "assistance_budgets" where ("assistance_budgets"."id" = $1 and "assistance_budgets"."province_code" = $2);

-- budgetsIn
select "assistance_budgets"."id", "assistance_budgets"."province_code", "assistance_budgets"."programme_id", "assistance_budgets"."organisation_id", "assistance_budgets"."year", "assistance_budgets"."amount_fen", "assistance_budgets"."committed_fen", "assistance_budgets"."paid_fen", "assistance_budgets"."updated_at", "organisations"."name", "assistance_programmes"."name" from "assistance_budgets" inner join "organisations" on "organisations"."id" = "assistance_budgets"."organisation_id" inner join "assistance_programmes" on "assistance_programmes"."id" = "assistance_budgets"."programme_id" where (("organisations"."path" <@ $1::ltree) and "assistance_budgets"."year" = $2) order by "assistance_budgets"."year" DESC, "organisations"."path" asc, "assistance_programmes"."id" asc;

-- chargeBudget
update "assistance_budgets" set "committed_fen" = "assistance_budgets"."committed_fen" + $1, "updated_at" = $2 where ("assistance_budgets"."id" = $3 and "assistance_budgets"."province_code" = $4 and "assistance_budgets"."committed_fen" + $5 <= "assistance_budgets"."amount_fen") returning "id";

-- committedOf
select "committed_fen" from "assistance_budgets" where ("assistance_budgets"."programme_id" = $1 and "assistance_budgets"."organisation_id" = $2 and "assistance_budgets"."year" = $3 and "assistance_budgets"."province_code" = $4);

-- enrolmentCounts
select "mutual_aid_enrolments"."organisation_id", count(*)::int, sum("mutual_aid_enrolments"."fee_fen")::bigint from "mutual_aid_enrolments" inner join "organisations" on "organisations"."id" = "mutual_aid_enrolments"."organisation_id" where ("mutual_aid_enrolments"."programme_id" = $1 and "mutual_aid_enrolments"."year" = $2 and ("organisations"."path" <@ $3::ltree)) group by "mutual_aid_enrolments"."organisation_id";

-- enrolSubtree
WITH candidates AS (
      SELECT id, organisation_id FROM members
      WHERE province_code = $1 AND organisation_path <@ $2::ltree AND status = 'active'
    ), added AS (
      INSERT INTO mutual_aid_enrolments (province_code, programme_id, year, member_id, organisation_id, fee_fen, enrolled_by)
      SELECT $3, $4, $5, id, organisation_id, $6, $7
      FROM candidates
      ON CONFLICT (programme_id, year, member_id, province_code) DO NOTHING
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM added)::int AS n, (SELECT count(*) FROM candidates)::int AS candidates;

-- findProgramme
select "assistance_programmes"."id", "assistance_programmes"."organisation_id", "assistance_programmes"."kind", "assistance_programmes"."name", "assistance_programmes"."description", "assistance_programmes"."need", "assistance_programmes"."rules", "assistance_programmes"."documents", "assistance_programmes"."amount", "assistance_programmes"."chain", "assistance_programmes"."home_visit_required", "assistance_programmes"."notice_days", "assistance_programmes"."dual_approval_from_fen", "assistance_programmes"."opens_on", "assistance_programmes"."closes_on", "assistance_programmes"."enrolment_opens_on", "assistance_programmes"."enrolment_closes_on", "assistance_programmes"."created_by", "assistance_programmes"."created_at", "organisations"."path", "organisations"."name" from "assistance_programmes" inner join "organisations" on "organisations"."id" = "assistance_programmes"."organisation_id" where "assistance_programmes"."id" = $1;

-- insertProgramme
insert into "assistance_programmes" ("id", "organisation_id", "kind", "name", "description", "need", "rules", "documents", "amount", "chain", "home_visit_required", "notice_days", "dual_approval_from_fen", "opens_on", "closes_on", "enrolment_opens_on", "enrolment_closes_on", "created_by", "created_at") values (default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default, default) returning "id", "organisation_id", "kind", "name", "description", "need", "rules", "documents", "amount", "chain", "home_visit_required", "notice_days", "dual_approval_from_fen", "opens_on", "closes_on", "enrolment_opens_on", "enrolment_closes_on", "created_by", "created_at";

-- isEnrolled
select "id" from "mutual_aid_enrolments" where ("mutual_aid_enrolments"."programme_id" = $1 and "mutual_aid_enrolments"."year" = $2 and "mutual_aid_enrolments"."member_id" = $3 and "mutual_aid_enrolments"."province_code" = $4);

-- nearestBudget
select "assistance_budgets"."id", "assistance_budgets"."province_code", "assistance_budgets"."programme_id", "assistance_budgets"."organisation_id", "assistance_budgets"."year", "assistance_budgets"."amount_fen", "assistance_budgets"."committed_fen", "assistance_budgets"."paid_fen", "assistance_budgets"."updated_at", "organisations"."name" from "assistance_budgets" inner join "organisations" on "organisations"."id" = "assistance_budgets"."organisation_id" where ("assistance_budgets"."programme_id" = $1 and "assistance_budgets"."year" = $2 and "assistance_budgets"."province_code" = $3 and "assistance_budgets"."organisation_id" = ANY($4::bigint[])) order by nlevel("organisations"."path") DESC limit $5;

-- PROGRAMME.exists
select "assistance_programmes"."id", "assistance_programmes"."organisation_id", "assistance_programmes"."kind", "assistance_programmes"."name", "assistance_programmes"."description", "assistance_programmes"."need", "assistance_programmes"."rules", "assistance_programmes"."documents", "assistance_programmes"."amount", "assistance_programmes"."chain", "assistance_programmes"."home_visit_required", "assistance_programmes"."notice_days", "assistance_programmes"."dual_approval_from_fen", "assistance_programmes"."opens_on", "assistance_programmes"."closes_on", "assistance_programmes"."enrolment_opens_on", "assistance_programmes"."enrolment_closes_on", "assistance_programmes"."created_by", "assistance_programmes"."created_at", "organisations"."path", "organisations"."name" from "assistance_programmes" inner join "organisations" on "organisations"."id" = "assistance_programmes"."organisation_id" where "assistance_programmes"."id" = $1;

-- PROGRAMME.inScope
select "assistance_programmes"."id", "assistance_programmes"."organisation_id", "assistance_programmes"."kind", "assistance_programmes"."name", "assistance_programmes"."description", "assistance_programmes"."need", "assistance_programmes"."rules", "assistance_programmes"."documents", "assistance_programmes"."amount", "assistance_programmes"."chain", "assistance_programmes"."home_visit_required", "assistance_programmes"."notice_days", "assistance_programmes"."dual_approval_from_fen", "assistance_programmes"."opens_on", "assistance_programmes"."closes_on", "assistance_programmes"."enrolment_opens_on", "assistance_programmes"."enrolment_closes_on", "assistance_programmes"."created_by", "assistance_programmes"."created_at", "organisations"."path", "organisations"."name" from "assistance_programmes" inner join "organisations" on "organisations"."id" = "assistance_programmes"."organisation_id" where ("assistance_programmes"."id" = $1 and ("organisations"."path" <@ $2::ltree));

-- programmesAbove
select "assistance_programmes"."id", "assistance_programmes"."organisation_id", "assistance_programmes"."kind", "assistance_programmes"."name", "assistance_programmes"."description", "assistance_programmes"."need", "assistance_programmes"."rules", "assistance_programmes"."documents", "assistance_programmes"."amount", "assistance_programmes"."chain", "assistance_programmes"."home_visit_required", "assistance_programmes"."notice_days", "assistance_programmes"."dual_approval_from_fen", "assistance_programmes"."opens_on", "assistance_programmes"."closes_on", "assistance_programmes"."enrolment_opens_on", "assistance_programmes"."enrolment_closes_on", "assistance_programmes"."created_by", "assistance_programmes"."created_at", "organisations"."name" from "assistance_programmes" inner join "organisations" on "organisations"."id" = "assistance_programmes"."organisation_id" where "organisations"."path" @> $1::ltree order by "assistance_programmes"."closes_on" asc, "assistance_programmes"."id" asc;

-- programmesInOrAbove
select "assistance_programmes"."id", "assistance_programmes"."organisation_id", "assistance_programmes"."kind", "assistance_programmes"."name", "assistance_programmes"."description", "assistance_programmes"."need", "assistance_programmes"."rules", "assistance_programmes"."documents", "assistance_programmes"."amount", "assistance_programmes"."chain", "assistance_programmes"."home_visit_required", "assistance_programmes"."notice_days", "assistance_programmes"."dual_approval_from_fen", "assistance_programmes"."opens_on", "assistance_programmes"."closes_on", "assistance_programmes"."enrolment_opens_on", "assistance_programmes"."enrolment_closes_on", "assistance_programmes"."created_by", "assistance_programmes"."created_at", "organisations"."name" from "assistance_programmes" inner join "organisations" on "organisations"."id" = "assistance_programmes"."organisation_id" where (("organisations"."path" <@ $1::ltree) OR "organisations"."id" = ANY($2::bigint[])) order by "assistance_programmes"."closes_on" DESC, "assistance_programmes"."id" asc;

-- setBudgetAmount
insert into "assistance_budgets" ("id", "province_code", "programme_id", "organisation_id", "year", "amount_fen", "committed_fen", "paid_fen", "updated_at") values (default, default, default, default, default, $1, default, default, default) on conflict ("programme_id","organisation_id","year","province_code") do update set "amount_fen" = $2, "updated_at" = $3 where "assistance_budgets"."committed_fen" <= $4 returning "id", "province_code", "programme_id", "organisation_id", "year", "amount_fen", "committed_fen", "paid_fen", "updated_at";
