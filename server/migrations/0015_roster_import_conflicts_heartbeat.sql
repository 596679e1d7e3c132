ALTER TABLE "roster_imports" ADD COLUMN "conflict_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "cleared" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "file_bytes" bigint;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "read_bytes" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "roster_imports" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;