CREATE TABLE "notice_history" (
	"id" text PRIMARY KEY NOT NULL,
	"notice_id" text NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "notice_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"reason" text,
	"changes" jsonb NOT NULL,
	CONSTRAINT "notice_history_kind_check" CHECK ("notice_history"."kind" in ('amended','postponed','withdrawn'))
);
--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notices" ADD COLUMN "withdraw_reason" text;--> statement-breakpoint
ALTER TABLE "notice_history" ADD CONSTRAINT "notice_history_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notice_history_notice_idx" ON "notice_history" USING btree ("notice_id","seq");