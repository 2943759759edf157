CREATE TABLE "data_snapshots" (
	"id" text PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"cutoff" timestamp (3) with time zone,
	"rows" jsonb NOT NULL,
	"time_from" timestamp (3) with time zone,
	"time_to" timestamp (3) with time zone,
	"filters" jsonb NOT NULL,
	"excluded" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"version" text PRIMARY KEY NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"algorithm" text NOT NULL,
	"artifact_path" text NOT NULL,
	"manifest" jsonb NOT NULL,
	"metrics" jsonb NOT NULL,
	"snapshot_id" text NOT NULL,
	"parent_version" text,
	"code_commit" text NOT NULL,
	"status" text DEFAULT 'registered' NOT NULL,
	"status_changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "models_status_idx" ON "models" USING btree ("status");--> statement-breakpoint
CREATE INDEX "models_created_at_idx" ON "models" USING btree ("created_at");