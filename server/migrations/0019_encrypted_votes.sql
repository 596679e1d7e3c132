CREATE TABLE "vote_encrypted_ballots" (
	"vote_id" bigint NOT NULL,
	"province_code" text NOT NULL,
	"tracker" text NOT NULL,
	"weight" integer NOT NULL,
	"ballot" text NOT NULL,
	"valid" boolean,
	CONSTRAINT "vote_encrypted_ballots_pkey" PRIMARY KEY("vote_id","tracker","province_code")
);
--> statement-breakpoint
CREATE TABLE "vote_sealed_shares" (
	"vote_id" bigint NOT NULL,
	"province_code" text NOT NULL,
	"from_position" smallint NOT NULL,
	"to_position" smallint NOT NULL,
	"share" jsonb NOT NULL,
	CONSTRAINT "vote_sealed_shares_pkey" PRIMARY KEY("vote_id","from_position","to_position","province_code")
);
--> statement-breakpoint
CREATE TABLE "vote_trustees" (
	"vote_id" bigint NOT NULL,
	"province_code" text NOT NULL,
	"position" smallint NOT NULL,
	"member_id" bigint NOT NULL,
	"commitment" jsonb,
	"shares_sent_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"complaint" smallint[],
	"decryption" jsonb,
	"decrypted_at" timestamp with time zone,
	CONSTRAINT "vote_trustees_pkey" PRIMARY KEY("vote_id","position","province_code")
);
--> statement-breakpoint
ALTER TABLE "votes" DROP CONSTRAINT "votes_status_check";--> statement-breakpoint
ALTER TABLE "vote_roll" ADD COLUMN "tracker" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "ballot_mode" text DEFAULT 'plain' NOT NULL;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "election" text;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "threshold" smallint;--> statement-breakpoint
ALTER TABLE "votes" ADD COLUMN "encrypted_tally" jsonb;--> statement-breakpoint
ALTER TABLE "vote_encrypted_ballots" ADD CONSTRAINT "vote_encrypted_ballots_vote_fk" FOREIGN KEY ("vote_id","province_code") REFERENCES "public"."votes"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_sealed_shares" ADD CONSTRAINT "vote_sealed_shares_vote_fk" FOREIGN KEY ("vote_id","province_code") REFERENCES "public"."votes"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_trustees" ADD CONSTRAINT "vote_trustees_vote_fk" FOREIGN KEY ("vote_id","province_code") REFERENCES "public"."votes"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vote_trustees" ADD CONSTRAINT "vote_trustees_member_fk" FOREIGN KEY ("member_id","province_code") REFERENCES "public"."members"("id","province_code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vote_trustees_member_key" ON "vote_trustees" USING btree ("vote_id","member_id","province_code");--> statement-breakpoint
CREATE INDEX "vote_trustees_member_idx" ON "vote_trustees" USING btree ("member_id");--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_ballot_mode_check" CHECK ("votes"."ballot_mode" IN ('encrypted','plain'));--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_status_check" CHECK ("votes"."status" IN ('draft','frozen','open','tallying','closed'));