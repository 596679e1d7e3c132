-- employersReportedRepeatedly
SELECT max(details->'employer'->>'name') AS employer_name, max(details->'employer'->>'uscc') AS uscc,
      count(*)::int AS reports, coalesce(sum((details->>'workersAffected')::int), 0)::int AS workers,
      coalesce(sum((details->>'amountOwedFen')::bigint), 0)::bigint AS owed, max(created_at) AS last
    FROM "rights_cases"
    WHERE kind = 'wage_arrears' AND employer_key IS NOT NULL AND created_at > now() - interval '12 months'
      AND (organisation_path <@ $1::ltree)
    GROUP BY province_code, employer_key HAVING count(*) >= $2
    ORDER BY count(*) DESC, max(created_at) DESC LIMIT 200;

-- tallySums
select sum("open")::int, sum("overdue")::int from "rights_tallies" where "rights_tallies"."organisation_id" = $1;

select sum("opened")::int, sum("open")::int, sum("overdue")::int, sum("closed")::int, sum("closed_on_time")::int, sum("rated")::int, sum("rating_sum")::int, sum("satisfied")::int from "rights_tallies" where ("rights_tallies"."organisation_id" = $1 and "rights_tallies"."month" >= $2);

select "category", sum("opened")::int, sum("open")::int, sum("overdue")::int, sum("closed")::int, sum("closed_on_time")::int, sum("rated")::int, sum("rating_sum")::int, sum("satisfied")::int from "rights_tallies" where ("rights_tallies"."organisation_id" = $1 and "rights_tallies"."month" >= $2) group by "rights_tallies"."category" order by "rights_tallies"."category";

select "month", sum("opened")::int, sum("open")::int, sum("overdue")::int, sum("closed")::int, sum("closed_on_time")::int, sum("rated")::int, sum("rating_sum")::int, sum("satisfied")::int from "rights_tallies" where ("rights_tallies"."organisation_id" = $1 and "rights_tallies"."month" >= $2) group by "rights_tallies"."month" order by "rights_tallies"."month";
