CREATE TABLE "telemetry_events" (
	"request_id" text PRIMARY KEY NOT NULL,
	"time" timestamp (3) with time zone NOT NULL,
	"user_id" integer,
	"status" smallint NOT NULL,
	"latency_ms" real NOT NULL,
	"pool" text,
	"model_version" text,
	"rules_version" integer,
	"assignments" jsonb NOT NULL,
	"items" text[] NOT NULL,
	"fallback" boolean NOT NULL,
	"fallback_reason" text
);
--> statement-breakpoint
CREATE INDEX "telemetry_events_time_idx" ON "telemetry_events" USING btree ("time");--> statement-breakpoint
CREATE INDEX "telemetry_events_pool_time_idx" ON "telemetry_events" USING btree ("pool","time");