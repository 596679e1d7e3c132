-- Custom SQL: what Drizzle cannot express for membership. Reviewed by hand.

-- Member numbers: the organisation's region code followed by a national sequence.
CREATE SEQUENCE IF NOT EXISTS member_number_seq;
--> statement-breakpoint

-- members.organisation_path always equals the path of members.organisation_id.
CREATE OR REPLACE FUNCTION members_set_organisation_path() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  SELECT path INTO NEW.organisation_path FROM organisations WHERE id = NEW.organisation_id;
  RETURN NEW;
END $$;
--> statement-breakpoint
-- A bulk insert that joins organisations for the path (the roster import) skips the per-row lookup.
CREATE TRIGGER members_organisation_path BEFORE INSERT ON members
  FOR EACH ROW WHEN (NEW.organisation_path = ''::ltree) EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER members_organisation_path_moved BEFORE UPDATE OF organisation_id ON members
  FOR EACH ROW EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER join_applications_organisation_path BEFORE INSERT OR UPDATE OF organisation_id ON join_applications
  FOR EACH ROW EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint

-- Moving an organisation moves the copies of its path.
CREATE OR REPLACE FUNCTION organisations_propagate_path() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE members SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  UPDATE join_applications SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_path_propagate AFTER UPDATE OF path ON organisations
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION organisations_propagate_path();
--> statement-breakpoint

-- The tally rows one member contributes to, at its organisation and every ancestor. Breakdowns
-- other than status count members on the roll (active, retained, transferring).
CREATE OR REPLACE FUNCTION member_tally_sql(source text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  -- Counted per organisation first, then spread to the ancestors: a batch of thousands of members
  -- in a few dozen unions becomes a few thousand rows before the fan-out up the tree.
  SELECT format($q$
    SELECT a.id AS organisation_id, own.dimension, own.value, sum(own.count)::bigint AS count
    FROM (
      SELECT c.organisation_path, d.dimension, d.value, sum(c.sign) AS count
      FROM (%s) c
      CROSS JOIN LATERAL (VALUES
        ('status', c.status),
        ('form', CASE WHEN c.status IN ('active','retained','transferring') THEN c.employment_form END),
        ('gender', CASE WHEN c.status IN ('active','retained','transferring') THEN c.gender END),
        ('birth_year', CASE WHEN c.status IN ('active','retained','transferring') THEN c.birth_year::text END),
        ('joined_month', to_char(c.joined_on, 'YYYY-MM')),
        ('gig_joined_month', CASE WHEN c.employment_form = 'gig' THEN to_char(c.joined_on, 'YYYY-MM') END)
      ) AS d(dimension, value)
      WHERE d.value IS NOT NULL
      GROUP BY 1, 2, 3
    ) own
    CROSS JOIN LATERAL unnest(string_to_array(ltree2text(own.organisation_path), '.')::bigint[]) AS a(id)
    GROUP BY 1, 2, 3
  $q$, source)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION members_apply_tallies() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cols constant text := 'organisation_path, status, employment_form, gender, birth_year, joined_on';
  source text;
BEGIN
  source := CASE TG_OP
    WHEN 'INSERT' THEN format('SELECT 1 AS sign, %s FROM new_rows', cols)
    WHEN 'DELETE' THEN format('SELECT -1 AS sign, %s FROM old_rows', cols)
    ELSE format('SELECT 1 AS sign, %1$s FROM new_rows UNION ALL SELECT -1, %1$s FROM old_rows', cols)
  END;
  -- Sorted upserts so two concurrent statements lock tally rows in the same order.
  EXECUTE format(
    'INSERT INTO member_tallies AS t (organisation_id, dimension, value, count)
     SELECT * FROM (%s) delta WHERE count <> 0 ORDER BY 1, 2, 3
     ON CONFLICT (organisation_id, dimension, value) DO UPDATE SET count = t.count + excluded.count',
    member_tally_sql(source));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER members_tallies_insert AFTER INSERT ON members
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_apply_tallies();
--> statement-breakpoint
CREATE TRIGGER members_tallies_update AFTER UPDATE ON members
  REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_apply_tallies();
--> statement-breakpoint
CREATE TRIGGER members_tallies_delete AFTER DELETE ON members
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION members_apply_tallies();
--> statement-breakpoint

-- A full recount from the members table, as the tallies should be. Used to rebuild and to check.
CREATE OR REPLACE FUNCTION member_tallies_recounted()
RETURNS TABLE (organisation_id bigint, dimension text, value text, count bigint)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE member_tally_sql(
    'SELECT 1 AS sign, organisation_path, status, employment_form, gender, birth_year, joined_on FROM members');
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION recount_member_tallies() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE member_tallies IN EXCLUSIVE MODE;
  DELETE FROM member_tallies;
  INSERT INTO member_tallies SELECT * FROM member_tallies_recounted();
END $$;
