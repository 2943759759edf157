ALTER TABLE "telemetry_events" ADD COLUMN "interleaving" jsonb;--> statement-breakpoint
ALTER TABLE "telemetry_events" ADD CONSTRAINT "telemetry_events_interleaving" CHECK (jsonb_typeof("telemetry_events"."interleaving") = 'object');--> statement-breakpoint
ALTER TABLE "rules_routes" ADD COLUMN "interleave_a" text;--> statement-breakpoint
ALTER TABLE "rules_routes" ADD COLUMN "interleave_b" text;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD COLUMN "interleave_a" text;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD COLUMN "interleave_b" text;--> statement-breakpoint
ALTER TABLE "rules_routes" ADD CONSTRAINT "rules_routes_interleave_a_rules_pools_name_fk" FOREIGN KEY ("interleave_a") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_routes" ADD CONSTRAINT "rules_routes_interleave_b_rules_pools_name_fk" FOREIGN KEY ("interleave_b") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD CONSTRAINT "rules_variants_interleave_a_rules_pools_name_fk" FOREIGN KEY ("interleave_a") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_variants" ADD CONSTRAINT "rules_variants_interleave_b_rules_pools_name_fk" FOREIGN KEY ("interleave_b") REFERENCES "public"."rules_pools"("name") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "rules_routes" ADD CONSTRAINT "rules_routes_interleave" CHECK (("rules_routes"."interleave_a" is null) = ("rules_routes"."interleave_b" is null));--> statement-breakpoint
ALTER TABLE "rules_variants" ADD CONSTRAINT "rules_variants_interleave" CHECK (("rules_variants"."interleave_a" is null) = ("rules_variants"."interleave_b" is null));
--> statement-breakpoint
-- rules_document() as in 0008_rules_targeting_attributes, plus the interleaving of routes and
-- variants (shared/rules Interleave: two pools merged by team draft). The statement-level
-- triggers of 0003 cover whole tables, so edits of the new columns bump the version, audit
-- and NOTIFY like any other.
CREATE OR REPLACE FUNCTION "rules_document"() RETURNS json LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM rules_settings) THEN NULL ELSE json_strip_nulls(json_build_object(
    'formatVersion', 1,
    'version', (SELECT version FROM rules_version),
    'pools', coalesce((
      SELECT json_object_agg(p.name, json_build_object('urls', to_json(p.urls), 'modelVersion', p.model_version) ORDER BY p.position, p.name)
      FROM rules_pools p), '{}'::json),
    'routes', coalesce((
      SELECT json_agg(json_build_object(
        'name', r.name,
        'match', json_build_object(
          'users', to_json(r.users),
          'userRange', CASE WHEN r.user_from IS NULL THEN NULL ELSE json_build_object('from', r.user_from, 'to', r.user_to) END,
          'bucket', CASE WHEN r.bucket_salt IS NULL THEN NULL ELSE json_build_object('salt', r.bucket_salt, 'from', r.bucket_from, 'to', r.bucket_to) END,
          'header', CASE WHEN r.header_name IS NULL THEN NULL ELSE json_build_object('name', r.header_name, 'value', r.header_value) END,
          'attributes', r.targeting_attributes),
        'pool', r.pool,
        'interleave', CASE WHEN r.interleave_a IS NULL THEN NULL ELSE json_build_object('a', r.interleave_a, 'b', r.interleave_b) END
      ) ORDER BY r.position, r.name)
      FROM rules_routes r), '[]'::json),
    'defaultPool', (SELECT default_pool FROM rules_settings),
    'experiments', coalesce((
      SELECT json_agg(json_build_object(
        'key', e.key,
        'namespace', CASE WHEN e.namespace_name IS NULL THEN NULL ELSE json_build_array(e.namespace_name, e.namespace_start, e.namespace_end) END,
        'seed', e.seed,
        'coverage', e.coverage,
        'status', e.status,
        'targeting', CASE WHEN e.target_users IS NULL AND e.target_user_from IS NULL AND e.targeting_attributes IS NULL THEN NULL ELSE json_build_object(
          'users', to_json(e.target_users),
          'userRange', CASE WHEN e.target_user_from IS NULL THEN NULL ELSE json_build_object('from', e.target_user_from, 'to', e.target_user_to) END,
          'attributes', e.targeting_attributes) END,
        'variants', coalesce((
          SELECT json_agg(json_build_object('key', v.key, 'weight', v.weight, 'pool', v.pool,
            'interleave', CASE WHEN v.interleave_a IS NULL THEN NULL ELSE json_build_object('a', v.interleave_a, 'b', v.interleave_b) END,
            'flags', v.flags) ORDER BY v.position, v.key)
          FROM rules_variants v WHERE v.experiment = e.key), '[]'::json)
      ) ORDER BY e.position, e.key)
      FROM rules_experiments e), '[]'::json)
  )) END
$$;
