CREATE TABLE "published_generations" (
	"id" text PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"manifest" jsonb NOT NULL,
	"current" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "published_objects" (
	"hash" text PRIMARY KEY NOT NULL,
	"identity" "bytea" NOT NULL,
	"gzip" "bytea",
	"br" "bytea"
);
--> statement-breakpoint
CREATE UNIQUE INDEX "published_generations_one_current" ON "published_generations" USING btree ("current") WHERE "published_generations"."current";