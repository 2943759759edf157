CREATE TABLE "rules_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"source" text NOT NULL,
	"change" jsonb NOT NULL,
	"document" jsonb,
	CONSTRAINT "rules_audit_source" CHECK ("rules_audit"."source" in ('api', 'cli', 'sql', 'seed'))
);
--> statement-breakpoint
CREATE TABLE "rules_experiments" (
	"key" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"namespace_name" text,
	"namespace_start" double precision,
	"namespace_end" double precision,
	"seed" text NOT NULL,
	"coverage" double precision NOT NULL,
	"status" text NOT NULL,
	"target_users" integer[],
	"target_user_from" integer,
	"target_user_to" integer,
	CONSTRAINT "rules_experiments_status" CHECK ("rules_experiments"."status" in ('draft', 'running', 'stopped')),
	CONSTRAINT "rules_experiments_namespace" CHECK (("rules_experiments"."namespace_name" is null) = ("rules_experiments"."namespace_start" is null) and ("rules_experiments"."namespace_start" is null) = ("rules_experiments"."namespace_end" is null)),
	CONSTRAINT "rules_experiments_user_range" CHECK (("rules_experiments"."target_user_from" is null) = ("rules_experiments"."target_user_to" is null))
);
--> statement-breakpoint
CREATE TABLE "rules_pools" (
	"name" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"model_version" text NOT NULL,
	"urls" text[] NOT NULL,
	CONSTRAINT "rules_pools_urls_check" CHECK (cardinality("rules_pools"."urls") >= 1)
);
--> statement-breakpoint
CREATE TABLE "rules_routes" (
	"name" text PRIMARY KEY NOT NULL,
	"position" integer NOT NULL,
	"pool" text NOT NULL,
	"users" integer[],
	"user_from" integer,
	"user_to" integer,
	"bucket_salt" text,
	"bucket_from" double precision,
	"bucket_to" double precision,
	"header_name" text,
	"header_value" text,
	CONSTRAINT "rules_routes_user_range" CHECK (("rules_routes"."user_from" is null) = ("rules_routes"."user_to" is null)),
	CONSTRAINT "rules_routes_bucket" CHECK (("rules_routes"."bucket_salt" is null) = ("rules_routes"."bucket_from" is null) and ("rules_routes"."bucket_from" is null) = ("rules_routes"."bucket_to" is null)),
	CONSTRAINT "rules_routes_header" CHECK (("rules_routes"."header_name" is null) = ("rules_routes"."header_value" is null))
);
--> statement-breakpoint
CREATE TABLE "rules_settings" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"default_pool" text NOT NULL,
	CONSTRAINT "rules_settings_single_row" CHECK ("rules_settings"."id")
);
--> statement-breakpoint
CREATE TABLE "rules_variants" (
	"experiment" text NOT NULL,
	"key" text NOT NULL,
	"position" integer NOT NULL,
	"weight" double precision NOT NULL,
	"pool" text,
	"flags" jsonb,
	CONSTRAINT "rules_variants_experiment_key_pk" PRIMARY KEY("experiment","key")
);
--> statement-breakpoint
CREATE TABLE "rules_version" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"changed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"txid" bigint,
	CONSTRAINT "rules_version_single_row" CHECK ("rules_version"."id")
);
--> statement-breakpoint
ALTER TABLE "rules_routes" ADD CONSTRAINT "rules_routes_pool_rules_pools_name_fk" FOREIGN KEY ("pool") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_settings" ADD CONSTRAINT "rules_settings_default_pool_rules_pools_name_fk" FOREIGN KEY ("default_pool") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD CONSTRAINT "rules_variants_pool_rules_pools_name_fk" FOREIGN KEY ("pool") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD CONSTRAINT "rules_variants_experiment_fk" FOREIGN KEY ("experiment") REFERENCES "public"."rules_experiments"("key") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "rules_audit_version_idx" ON "rules_audit" USING btree ("version");