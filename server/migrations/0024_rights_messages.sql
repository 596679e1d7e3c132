-- Rights' notices move into the message centre (messages, 0023): each becomes a message about its
-- case, by number, leading to the case where its reader opens it (the reporter in the member app,
-- cadres in the console). They were never sent by SMS, so no delivery is queued for them.
INSERT INTO "messages" ("user_id", "organisation_id", "category", "kind", "params", "link", "source_type", "source_id", "created_at", "read_at")
SELECT n."user_id", c."organisation_id", 'case', 'case.' || n."kind", jsonb_build_object('caseId', n."case_id"),
       CASE WHEN n."user_id" = c."reporter_user_id" THEN '/app/help/' ELSE '/admin/cases/' END || n."case_id",
       'rights_case', n."case_id"::text, n."created_at", n."read_at"
FROM "rights_notifications" n
JOIN "rights_cases" c ON c."id" = n."case_id" AND c."province_code" = n."province_code"
ORDER BY n."created_at", n."id";
--> statement-breakpoint
DROP TABLE "rights_notifications" CASCADE;
