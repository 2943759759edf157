-- The rules version, its audit and NOTIFY, kept by the database itself so that plain-SQL
-- edits are versioned, audited and propagated exactly like API and CLI edits.
-- Writers that audit themselves (the rules store) set `rules.source` (and `rules.actor`)
-- for their transaction; anything else is audited here as source 'sql'.
INSERT INTO "rules_version" ("id", "version") VALUES (true, 0) ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- The rules document (shared/rules RuleSet, format 1) assembled from the tables; NULL while
-- no default pool is set (nothing seeded yet). json, not jsonb, keeps pools in their order.
-- Optional fields left NULL are dropped by json_strip_nulls.
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
          'header', CASE WHEN r.header_name IS NULL THEN NULL ELSE json_build_object('name', r.header_name, 'value', r.header_value) END),
        'pool', r.pool) ORDER BY r.position, r.name)
      FROM rules_routes r), '[]'::json),
    'defaultPool', (SELECT default_pool FROM rules_settings),
    'experiments', coalesce((
      SELECT json_agg(json_build_object(
        'key', e.key,
        'namespace', CASE WHEN e.namespace_name IS NULL THEN NULL ELSE json_build_array(e.namespace_name, e.namespace_start, e.namespace_end) END,
        'seed', e.seed,
        'coverage', e.coverage,
        'status', e.status,
        'targeting', CASE WHEN e.target_users IS NULL AND e.target_user_from IS NULL THEN NULL ELSE json_build_object(
          'users', to_json(e.target_users),
          'userRange', CASE WHEN e.target_user_from IS NULL THEN NULL ELSE json_build_object('from', e.target_user_from, 'to', e.target_user_to) END) END,
        'variants', coalesce((
          SELECT json_agg(json_build_object('key', v.key, 'weight', v.weight, 'pool', v.pool, 'flags', v.flags) ORDER BY v.position, v.key)
          FROM rules_variants v WHERE v.experiment = e.key), '[]'::json)
      ) ORDER BY e.position, e.key)
      FROM rules_experiments e), '[]'::json)
  )) END
$$;
--> statement-breakpoint
-- Statement-level: runs once per statement whatever the row count (a statement touching no
-- rows still bumps the version; readers just reload the same document). The txid check
-- makes it bump once per transaction.
CREATE OR REPLACE FUNCTION "rules_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  edit_source text := coalesce(nullif(current_setting('rules.source', true), ''), 'sql');
  bumped bigint;
  statement jsonb := jsonb_build_object('table', TG_TABLE_NAME, 'operation', TG_OP, 'query', left(current_query(), 4000));
BEGIN
  UPDATE rules_version SET version = version + 1, changed_at = now(), txid = txid_current()
    WHERE id AND txid IS DISTINCT FROM txid_current()
    RETURNING version INTO bumped;
  IF bumped IS NOT NULL THEN
    PERFORM pg_notify('rules_changed', bumped::text);
    IF edit_source = 'sql' THEN
      INSERT INTO rules_audit (version, actor, source, change, document)
      VALUES (
        bumped,
        current_user || coalesce(' (' || nullif(current_setting('application_name', true), '') || ')', ''),
        'sql',
        jsonb_build_object('statements', jsonb_build_array(statement)),
        rules_document()::jsonb);
    END IF;
  ELSIF edit_source = 'sql' THEN
    -- A later statement of the same transaction: record it, and the document as it now stands.
    UPDATE rules_audit a SET
        change = CASE WHEN a.change->'statements' @> jsonb_build_array(statement) THEN a.change
                      ELSE jsonb_set(a.change, '{statements}', (a.change->'statements') || statement) END,
        document = rules_document()::jsonb
      WHERE a.source = 'sql' AND a.version = (SELECT version FROM rules_version);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "rules_pools_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rules_pools"
  FOR EACH STATEMENT EXECUTE FUNCTION rules_changed();
--> statement-breakpoint
CREATE TRIGGER "rules_settings_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rules_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION rules_changed();
--> statement-breakpoint
CREATE TRIGGER "rules_routes_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rules_routes"
  FOR EACH STATEMENT EXECUTE FUNCTION rules_changed();
--> statement-breakpoint
CREATE TRIGGER "rules_experiments_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rules_experiments"
  FOR EACH STATEMENT EXECUTE FUNCTION rules_changed();
--> statement-breakpoint
CREATE TRIGGER "rules_variants_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "rules_variants"
  FOR EACH STATEMENT EXECUTE FUNCTION rules_changed();
