CREATE TABLE "incident_deletions" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"reason" text NOT NULL,
	"snapshot" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incident_edits" (
	"id" text PRIMARY KEY NOT NULL,
	"incident_id" text NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "incident_edits_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"update_id" text,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"reason" text,
	"changes" jsonb NOT NULL,
	CONSTRAINT "incident_edits_kind_check" CHECK ("incident_edits"."kind" in ('incident_edited','update_edited','update_deleted'))
);
--> statement-breakpoint
ALTER TABLE "incident_updates" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incident_edits" ADD CONSTRAINT "incident_edits_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incident_edits_incident_idx" ON "incident_edits" USING btree ("incident_id","seq");