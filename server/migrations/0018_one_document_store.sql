CREATE TABLE "documents" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"province_code" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_pkey" PRIMARY KEY("id","province_code")
);
--> statement-breakpoint
-- The files move into the one store under the same ids; the modules' rows keep only the link.
INSERT INTO "documents" ("id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at")
SELECT "id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at" FROM "assistance_documents";--> statement-breakpoint
INSERT INTO "documents" ("id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at")
SELECT "id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at" FROM "congress_documents";--> statement-breakpoint
INSERT INTO "documents" ("id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at")
SELECT "id", "province_code", "file_name", "media_type", "size", "sha256", "content", "uploaded_by", "created_at" FROM "rights_attachments";--> statement-breakpoint
ALTER TABLE "assistance_documents" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "congress_documents" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "rights_attachments" ALTER COLUMN "id" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "assistance_documents" ADD CONSTRAINT "assistance_documents_document_fk" FOREIGN KEY ("id","province_code") REFERENCES "public"."documents"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "congress_documents" ADD CONSTRAINT "congress_documents_document_fk" FOREIGN KEY ("id","province_code") REFERENCES "public"."documents"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rights_attachments" ADD CONSTRAINT "rights_attachments_document_fk" FOREIGN KEY ("id","province_code") REFERENCES "public"."documents"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assistance_documents" DROP COLUMN "file_name";--> statement-breakpoint
ALTER TABLE "assistance_documents" DROP COLUMN "media_type";--> statement-breakpoint
ALTER TABLE "assistance_documents" DROP COLUMN "size";--> statement-breakpoint
ALTER TABLE "assistance_documents" DROP COLUMN "sha256";--> statement-breakpoint
ALTER TABLE "assistance_documents" DROP COLUMN "content";--> statement-breakpoint
ALTER TABLE "congress_documents" DROP COLUMN "file_name";--> statement-breakpoint
ALTER TABLE "congress_documents" DROP COLUMN "media_type";--> statement-breakpoint
ALTER TABLE "congress_documents" DROP COLUMN "size";--> statement-breakpoint
ALTER TABLE "congress_documents" DROP COLUMN "sha256";--> statement-breakpoint
ALTER TABLE "congress_documents" DROP COLUMN "content";--> statement-breakpoint
ALTER TABLE "rights_attachments" DROP COLUMN "file_name";--> statement-breakpoint
ALTER TABLE "rights_attachments" DROP COLUMN "media_type";--> statement-breakpoint
ALTER TABLE "rights_attachments" DROP COLUMN "size";--> statement-breakpoint
ALTER TABLE "rights_attachments" DROP COLUMN "sha256";--> statement-breakpoint
ALTER TABLE "rights_attachments" DROP COLUMN "content";