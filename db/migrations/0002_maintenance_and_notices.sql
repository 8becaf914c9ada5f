CREATE TABLE "maintenance_components" (
	"maintenance_id" text NOT NULL,
	"component_id" text NOT NULL,
	CONSTRAINT "maintenance_components_maintenance_id_component_id_pk" PRIMARY KEY("maintenance_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_history" (
	"id" text PRIMARY KEY NOT NULL,
	"maintenance_id" text NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "maintenance_history_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"reason" text NOT NULL,
	"old_start" timestamp with time zone NOT NULL,
	"old_end" timestamp with time zone NOT NULL,
	"new_start" timestamp with time zone,
	"new_end" timestamp with time zone,
	CONSTRAINT "maintenance_history_kind_check" CHECK ("maintenance_history"."kind" in ('rescheduled','extended','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "maintenance_updates" (
	"id" text PRIMARY KEY NOT NULL,
	"maintenance_id" text NOT NULL,
	"seq" integer GENERATED ALWAYS AS IDENTITY (sequence name "maintenance_updates_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" text NOT NULL,
	"body" text NOT NULL,
	"body_en" text,
	"created_at" timestamp with time zone NOT NULL,
	"display_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenance_updates_status_check" CHECK ("maintenance_updates"."status" in ('scheduled','in_progress','verifying','completed','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "maintenances" (
	"id" text PRIMARY KEY NOT NULL,
	"occurrence_key" text,
	"series_id" text,
	"title" text NOT NULL,
	"title_en" text,
	"body" text NOT NULL,
	"body_en" text,
	"scheduled_for" timestamp with time zone NOT NULL,
	"scheduled_until" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone NOT NULL,
	"short_notice" boolean DEFAULT false NOT NULL,
	"short_notice_reason" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"verifying_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"extended_until" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "maintenances_window_check" CHECK ("maintenances"."scheduled_until" > "maintenances"."scheduled_for"),
	CONSTRAINT "maintenances_short_notice_check" CHECK ("maintenances"."short_notice" = ("maintenances"."short_notice_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "notice_components" (
	"notice_id" text NOT NULL,
	"component_id" text NOT NULL,
	CONSTRAINT "notice_components_notice_id_component_id_pk" PRIMARY KEY("notice_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "notices" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"title_en" text,
	"body" text NOT NULL,
	"body_en" text,
	"effective_at" timestamp with time zone NOT NULL,
	"announced_at" timestamp with time zone NOT NULL,
	"short_notice" boolean DEFAULT false NOT NULL,
	"short_notice_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "notices_kind_check" CHECK ("notices"."kind" in ('termination','change')),
	CONSTRAINT "notices_short_notice_check" CHECK ("notices"."short_notice" = ("notices"."short_notice_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "maintenance_components" ADD CONSTRAINT "maintenance_components_maintenance_id_maintenances_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_components" ADD CONSTRAINT "maintenance_components_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_history" ADD CONSTRAINT "maintenance_history_maintenance_id_maintenances_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_updates" ADD CONSTRAINT "maintenance_updates_maintenance_id_maintenances_id_fk" FOREIGN KEY ("maintenance_id") REFERENCES "public"."maintenances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_components" ADD CONSTRAINT "notice_components_notice_id_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notice_components" ADD CONSTRAINT "notice_components_component_id_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "maintenance_history_maintenance_idx" ON "maintenance_history" USING btree ("maintenance_id","seq");--> statement-breakpoint
CREATE INDEX "maintenance_updates_maintenance_idx" ON "maintenance_updates" USING btree ("maintenance_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "maintenances_occurrence_key_idx" ON "maintenances" USING btree ("occurrence_key");--> statement-breakpoint
CREATE INDEX "maintenances_scheduled_for_idx" ON "maintenances" USING btree ("scheduled_for");--> statement-breakpoint
CREATE INDEX "notices_effective_at_idx" ON "notices" USING btree ("effective_at");