CREATE TABLE "experiment_designs" (
	"key" text PRIMARY KEY NOT NULL,
	"hypothesis" text NOT NULL,
	"control_variant" text NOT NULL,
	"primary_metric" text NOT NULL,
	"guardrail_metrics" text[] DEFAULT '{}' NOT NULL,
	"conversion_window_ms" integer DEFAULT 600000 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"started_at" timestamp (3) with time zone,
	"stopped_at" timestamp (3) with time zone,
	"stream_started_at" timestamp (3) with time zone,
	"stream_stopped_at" timestamp (3) with time zone
);
