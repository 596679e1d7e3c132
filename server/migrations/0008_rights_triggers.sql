-- Custom SQL: what Drizzle cannot express for rights protection. Reviewed by hand.

-- rights_cases.organisation_path always equals the path of rights_cases.organisation_id
-- (the same function the member tables use: it reads NEW.organisation_id).
CREATE TRIGGER rights_cases_organisation_path BEFORE INSERT ON rights_cases
  FOR EACH ROW WHEN (NEW.organisation_path = ''::ltree) EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER rights_cases_organisation_path_moved BEFORE UPDATE OF organisation_id ON rights_cases
  FOR EACH ROW EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisations_propagate_path_to_cases() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE rights_cases SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_path_propagate_cases AFTER UPDATE OF path ON organisations
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION organisations_propagate_path_to_cases();
--> statement-breakpoint

-- The tally rows the cases of `source` contribute to, at their organisation and every ancestor:
-- summed per organisation path first, then spread up the tree.
CREATE OR REPLACE FUNCTION rights_tally_sql(source text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    SELECT a.id AS organisation_id, own.province_code, own.month, own.category,
      sum(own.opened)::int, sum(own.open)::int, sum(own.overdue)::int, sum(own.closed)::int,
      sum(own.closed_on_time)::int, sum(own.rated)::int, sum(own.rating_sum)::int, sum(own.satisfied)::int
    FROM (
      SELECT c.organisation_path, c.province_code, to_char(c.accepted_on, 'YYYY-MM') AS month, c.category,
        sum(c.sign) AS opened,
        sum(c.sign * (c.closed_at IS NULL)::int) AS open,
        sum(c.sign * (c.closed_at IS NULL AND c.overdue)::int) AS overdue,
        sum(c.sign * (c.closed_at IS NOT NULL)::int) AS closed,
        sum(c.sign * coalesce(c.closed_on_time, false)::int) AS closed_on_time,
        sum(c.sign * (c.rating IS NOT NULL)::int) AS rated,
        sum(c.sign * coalesce(c.rating, 0)) AS rating_sum,
        sum(c.sign * (coalesce(c.rating, 0) >= 4)::int) AS satisfied
      FROM (%s) c
      GROUP BY 1, 2, 3, 4
    ) own
    CROSS JOIN LATERAL unnest(string_to_array(ltree2text(own.organisation_path), '.')::bigint[]) AS a(id)
    GROUP BY 1, 2, 3, 4
  $q$, source)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION rights_cases_apply_tallies() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'organisation_path, province_code, accepted_on, category, closed_at, overdue, closed_on_time, rating';
  source text;
BEGIN
  source := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
    ELSE format('SELECT 1 AS sign, %1$s FROM new_rows UNION ALL SELECT -1, %1$s FROM old_rows', cols)
  END;
  -- Sorted upserts so two concurrent statements lock tally rows in the same order.
  EXECUTE format(
    'INSERT INTO rights_tallies AS t (organisation_id, province_code, month, category, opened, open, overdue,
       closed, closed_on_time, rated, rating_sum, satisfied)
     SELECT * FROM (%s) d(o, p, m, c, a1, a2, a3, a4, a5, a6, a7, a8)
     WHERE (a1, a2, a3, a4, a5, a6, a7, a8) <> (0, 0, 0, 0, 0, 0, 0, 0)
     ORDER BY 1, 3, 4, 2
     ON CONFLICT (organisation_id, month, category, province_code) DO UPDATE SET
       opened = t.opened + excluded.opened, open = t.open + excluded.open, overdue = t.overdue + excluded.overdue,
       closed = t.closed + excluded.closed, closed_on_time = t.closed_on_time + excluded.closed_on_time,
       rated = t.rated + excluded.rated, rating_sum = t.rating_sum + excluded.rating_sum,
       satisfied = t.satisfied + excluded.satisfied',
    rights_tally_sql(source));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER rights_cases_tallies_insert AFTER INSERT ON rights_cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rights_cases_apply_tallies();
--> statement-breakpoint
CREATE TRIGGER rights_cases_tallies_update AFTER UPDATE ON rights_cases
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rights_cases_apply_tallies();
--> statement-breakpoint
CREATE TRIGGER rights_cases_tallies_delete AFTER DELETE ON rights_cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rights_cases_apply_tallies();
--> statement-breakpoint

-- A full recount from the cases, as the tallies should be. Used to rebuild and to check.
CREATE OR REPLACE FUNCTION rights_tallies_recounted()
RETURNS TABLE (organisation_id bigint, province_code text, month text, category text, opened int, open int,
  overdue int, closed int, closed_on_time int, rated int, rating_sum int, satisfied int)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE rights_tally_sql(
    'SELECT 1 AS sign, organisation_path, province_code, accepted_on, category, closed_at, overdue, closed_on_time, rating FROM rights_cases');
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recount_rights_tallies() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE rights_tallies IN EXCLUSIVE MODE;
  DELETE FROM rights_tallies;
  INSERT INTO rights_tallies SELECT * FROM rights_tallies_recounted();
END $$;
