ALTER TABLE "roster_import_errors" ADD COLUMN "resolution" text;--> statement-breakpoint
ALTER TABLE "roster_import_errors" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "roster_import_errors" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "carried_fields" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_import_errors" ADD CONSTRAINT "roster_import_errors_resolution_check" CHECK ("roster_import_errors"."resolution" IN ('confirmed','rejected'));