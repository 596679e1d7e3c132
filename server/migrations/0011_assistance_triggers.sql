-- Custom SQL: what Drizzle cannot express for targeted assistance. Reviewed by hand.

-- The organisation_path of a hardship file and an application always equals the path of its
-- organisation_id (the function the member tables use: it reads NEW.organisation_id).
CREATE TRIGGER hardship_files_organisation_path BEFORE INSERT OR UPDATE OF organisation_id ON hardship_files
  FOR EACH ROW EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER assistance_applications_organisation_path BEFORE INSERT OR UPDATE OF organisation_id ON assistance_applications
  FOR EACH ROW EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisations_propagate_path_to_assistance() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE hardship_files SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  UPDATE assistance_applications SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_path_propagate_assistance AFTER UPDATE OF path ON organisations
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION organisations_propagate_path_to_assistance();
