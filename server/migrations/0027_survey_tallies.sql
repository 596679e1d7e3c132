CREATE TABLE "survey_tallies" (
	"survey_id" bigint NOT NULL,
	"question" text NOT NULL,
	"organisation_id" bigint NOT NULL,
	"organisation_path" "ltree" DEFAULT '' NOT NULL,
	"industry" text NOT NULL,
	"value" text NOT NULL,
	"n" bigint NOT NULL,
	"s" numeric,
	CONSTRAINT "survey_tallies_pkey" PRIMARY KEY("survey_id","question","organisation_id","industry","value")
);
--> statement-breakpoint
ALTER TABLE "notice_audience" ADD COLUMN "organisation_path" "ltree" DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "survey_audience" ADD COLUMN "organisation_path" "ltree" DEFAULT '' NOT NULL;
--> statement-breakpoint
ALTER TABLE "survey_tallies" ADD CONSTRAINT "survey_tallies_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "survey_tallies_organisation_idx" ON "survey_tallies" USING btree ("organisation_id");
--> statement-breakpoint
CREATE INDEX "notice_audience_organisation_idx" ON "notice_audience" USING btree ("organisation_id");
--> statement-breakpoint
CREATE INDEX "survey_audience_organisation_idx" ON "survey_audience" USING btree ("organisation_id");
--> statement-breakpoint
-- Custom SQL, reviewed by hand. The reach module's counts per organisation keep the organisation's
-- path, as members and cases do (the same function sets it from organisation_id; a move carries it),
-- so read rates, fills and survey results sum under a node without joining the tree.
CREATE TRIGGER notice_audience_organisation_path BEFORE INSERT ON notice_audience
  FOR EACH ROW WHEN (NEW.organisation_path = ''::ltree) EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER survey_audience_organisation_path BEFORE INSERT ON survey_audience
  FOR EACH ROW WHEN (NEW.organisation_path = ''::ltree) EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE TRIGGER survey_tallies_organisation_path BEFORE INSERT ON survey_tallies
  FOR EACH ROW WHEN (NEW.organisation_path = ''::ltree) EXECUTE FUNCTION members_set_organisation_path();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION organisations_propagate_path_to_reach() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE notice_audience SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  UPDATE survey_audience SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  UPDATE survey_tallies SET organisation_path = NEW.path WHERE organisation_id = NEW.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organisations_path_propagate_reach AFTER UPDATE OF path ON organisations
  FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION organisations_propagate_path_to_reach();
--> statement-breakpoint
UPDATE notice_audience a SET organisation_path = o.path FROM organisations o WHERE o.id = a.organisation_id;
--> statement-breakpoint
UPDATE survey_audience a SET organisation_path = o.path FROM organisations o WHERE o.id = a.organisation_id;
--> statement-breakpoint
-- The answers already written are counted as new ones will be (survey-tallies.ts, `retally`): one on
-- question '' per answer; per question answered, one on value '' (with a number's or scale's value
-- summed) and one per value chosen (single, scale, region; each choice; a matrix's row:column).
WITH q AS (
  SELECT s."id" AS survey_id, x.q ->> 'id' AS id, x.q ->> 'type' AS type
  FROM "surveys" s, jsonb_array_elements(s."definition" -> 'sections') AS sec(v),
    jsonb_array_elements(sec.v -> 'questions') AS x(q)),
r AS (
  SELECT "survey_id" AS survey_id, "organisation_id" AS organisation_id, coalesce("industry", '') AS industry,
    jsonb_strip_nulls("answers") AS answers
  FROM "survey_responses"),
v AS (
  SELECT r.survey_id, '' AS question, r.organisation_id, r.industry, '' AS value, NULL::numeric AS x FROM r
  UNION ALL
  SELECT r.survey_id, q.id, r.organisation_id, r.industry, '',
    CASE WHEN q.type IN ('number', 'scale') THEN (r.answers ->> q.id)::numeric END
  FROM r JOIN q ON q.survey_id = r.survey_id AND r.answers ? q.id
  UNION ALL
  SELECT r.survey_id, q.id, r.organisation_id, r.industry, r.answers ->> q.id, NULL
  FROM r JOIN q ON q.survey_id = r.survey_id AND r.answers ? q.id AND q.type IN ('single', 'scale', 'region')
  UNION ALL
  SELECT r.survey_id, q.id, r.organisation_id, r.industry, e.v, NULL
  FROM r JOIN q ON q.survey_id = r.survey_id AND q.type = 'multiple' AND jsonb_typeof(r.answers -> q.id) = 'array'
    CROSS JOIN LATERAL jsonb_array_elements_text(r.answers -> q.id) AS e(v)
  UNION ALL
  SELECT r.survey_id, q.id, r.organisation_id, r.industry, e.k || ':' || e.v, NULL
  FROM r JOIN q ON q.survey_id = r.survey_id AND q.type = 'matrix' AND jsonb_typeof(r.answers -> q.id) = 'object'
    CROSS JOIN LATERAL jsonb_each_text(r.answers -> q.id) AS e(k, v))
INSERT INTO "survey_tallies" ("survey_id", "question", "organisation_id", "industry", "value", "n", "s")
SELECT survey_id, question, organisation_id, industry, value, count(*), sum(x)
FROM v GROUP BY survey_id, question, organisation_id, industry, value;
