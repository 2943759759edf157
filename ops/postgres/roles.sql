-- The compose stack's Postgres roles: one per service, each allowed what its code does and
-- nothing more. The schema belongs to the owner that runs the migrations (POSTGRES_USER,
-- service `migrate`); ops/postgres/create-roles.sh runs this file as that owner after every
-- migration, then gives each role its password from its compose secret.
--
-- tests/compose/least-privilege.test.ts finds in each service's code the tables it writes
-- (its triggers' writes included) and reads, runs this file on a migrated database, and
-- expects exactly those writes and at least those reads. A new table, or a service that
-- starts writing one, is granted here.
--
-- Safe to run again: roles are created once, and every grant is restated from nothing.

DO $$
DECLARE
  service_role text;
BEGIN
  FOREACH service_role IN ARRAY ARRAY['recommender_router', 'recommender_worker', 'recommender_ingest', 'recommender_trainer', 'recommender_release'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = service_role) THEN
      EXECUTE format('CREATE ROLE %I LOGIN', service_role);
    END IF;
    -- A login and nothing else: no superuser, no new databases or roles, no replication,
    -- row security applies, and no privileges inherited from other roles.
    EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT', service_role);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', service_role);
    EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', service_role);
    EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA drizzle FROM %I', service_role);
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), service_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', service_role);
  END LOOP;
  -- Only the roles above and the owner connect, and only the owner creates anything.
  EXECUTE format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database());
END
$$;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The migrations' ledger: every service checks at start that the schema is current.
GRANT USAGE ON SCHEMA drizzle TO recommender_router, recommender_worker, recommender_ingest, recommender_trainer, recommender_release;
GRANT SELECT ON drizzle.__drizzle_migrations TO recommender_router, recommender_worker, recommender_ingest, recommender_trainer, recommender_release;

-- router: serves from the rules, the fallback list (the production model's popular items)
-- and user attributes; writes the rules through the admin API and the first seed. The rules
-- tables' trigger (rules_changed) bumps rules_version and audits as the writer. The status
-- page reads the data path, models, releases, experiments and telemetry.
GRANT SELECT ON
  rules_pools, rules_settings, rules_routes, rules_experiments, rules_variants, rules_version, rules_audit,
  models, data_snapshots, user_profiles, releases, experiment_designs,
  telemetry_events, watch_sessions, ratings, rating_history, recommendation_events,
  ingest_checkpoints, ingest_partition_status, ingest_batches, quarantine
  TO recommender_router;
GRANT INSERT, UPDATE, DELETE ON rules_pools TO recommender_router;
GRANT INSERT, UPDATE ON rules_settings TO recommender_router;
GRANT INSERT, DELETE ON rules_routes, rules_experiments, rules_variants TO recommender_router;
GRANT UPDATE ON rules_version TO recommender_router;
GRANT INSERT, UPDATE ON rules_audit TO recommender_router;
GRANT USAGE ON SEQUENCE rules_audit_id_seq TO recommender_router;

-- worker: follows the registry; writes nothing.
GRANT SELECT ON models TO recommender_worker;

-- ingest: the event store (sessions, ratings, recommendation entries, batches), the
-- router's telemetry, quarantine, its checkpoints and the partitions' progress.
GRANT SELECT ON
  watch_sessions, ratings, rating_history, recommendation_events, ingest_batches, telemetry_events,
  quarantine, ingest_checkpoints, ingest_partition_status
  TO recommender_ingest;
GRANT INSERT, UPDATE ON watch_sessions, ratings, ingest_checkpoints TO recommender_ingest;
GRANT INSERT ON rating_history, recommendation_events, ingest_batches, telemetry_events, quarantine TO recommender_ingest;
GRANT INSERT, UPDATE, DELETE ON ingest_partition_status TO recommender_ingest;
GRANT USAGE ON SEQUENCE rating_history_id_seq, recommendation_events_id_seq, ingest_batches_id_seq, quarantine_id_seq
  TO recommender_ingest;

-- trainer: reads the event store, freezes a snapshot, registers the model it trained.
GRANT SELECT ON watch_sessions, ratings, data_snapshots, models TO recommender_trainer;
GRANT INSERT ON data_snapshots, models TO recommender_trainer;

-- release: judges a candidate on telemetry and the stream, keeps its release record, edits
-- the canary's share of the rules, and promotes or rejects the model. `release replay <id>`
-- reads the stream's clock as it stood at each past check from ingest_batches.
GRANT SELECT ON
  rules_pools, rules_settings, rules_routes, rules_experiments, rules_variants, rules_version, rules_audit,
  models, releases, telemetry_events, watch_sessions, ratings, rating_history, recommendation_events, ingest_checkpoints,
  ingest_batches
  TO recommender_release;
GRANT INSERT, UPDATE ON releases TO recommender_release;
GRANT USAGE ON SEQUENCE releases_id_seq TO recommender_release;
GRANT UPDATE ON models TO recommender_release;
GRANT INSERT, UPDATE, DELETE ON rules_pools TO recommender_release;
GRANT INSERT, UPDATE ON rules_settings TO recommender_release;
GRANT INSERT, DELETE ON rules_routes, rules_experiments, rules_variants TO recommender_release;
GRANT UPDATE ON rules_version TO recommender_release;
GRANT INSERT, UPDATE ON rules_audit TO recommender_release;
GRANT USAGE ON SEQUENCE rules_audit_id_seq TO recommender_release;
