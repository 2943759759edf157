CREATE TABLE "releases" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"model_version" text NOT NULL,
	"previous_version" text,
	"phase" text NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "releases_phase" CHECK ("releases"."phase" in ('pending', 'preflight', 'canary', 'promoting', 'promoted', 'rolling_back', 'rolled_back', 'aborted'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "releases_one_active" ON "releases" USING btree ((true)) WHERE "releases"."phase" not in ('promoted', 'rolled_back', 'aborted');--> statement-breakpoint
CREATE INDEX "releases_created_at_idx" ON "releases" USING btree ("created_at");