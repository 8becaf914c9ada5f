ALTER TABLE "published_generations" ALTER COLUMN "manifest" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "published_generations" ADD COLUMN "manifest_gzip" "bytea";--> statement-breakpoint
ALTER TABLE "published_generations" ADD COLUMN "hashes" text[];