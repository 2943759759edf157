/**
 * The router: `deno run --allow-all router/main.ts`. Serves GET /recommend/:userid on
 * ROUTER_PORT (8082) by forwarding to the workers the rules in Postgres name, with the
 * admin API for those rules, /metrics and /healthz. Starts the embedded database when
 * DATABASE_URL is unset and none is running, applies migrations, and seeds the rules with
 * one pool when the rules tables are empty. Records one telemetry event per answer on the
 * Kafka topic ROUTER_TELEMETRY_TOPIC when KAFKA_BROKERS is set, signed with the key of
 * TELEMETRY_SIGNING_KEY(_FILE). Stops cleanly on SIGINT/SIGTERM.
 */
import { connectDatabase } from "../infra/db/connect-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { readRules, writeRules } from "../infra/rules/rules-store.ts";
import { loadRouterConfig } from "./config.ts";
import { createRouterApp } from "./create-router-app.ts";
import { createFallbackList } from "./fallback-list.ts";
import { createForwarder } from "./forward-to-pool.ts";
import { startHealthChecks } from "./health-checker.ts";
import { loadFallback } from "./load-fallback.ts";
import { loadUserAttributes, userAttributesVersion } from "./load-user-attributes.ts";
import { postgresRulesSource } from "./postgres-rules-source.ts";
import { createRouterMetrics } from "./router-metrics.ts";
import { createRulesHolder } from "./rules-holder.ts";
import { seedRules } from "./seed-rules.ts";
import { startTelemetry } from "./telemetry/start-telemetry.ts";
import { STATIC_FALLBACK } from "./static-fallback.ts";
import { createUpstreamHealth } from "./upstream-health.ts";
import { createUserAttributes } from "./user-attributes.ts";
import { usesAttributeTargeting } from "../shared/rules/index.ts";
import { readTelemetrySigningKey } from "../shared/telemetry/index.ts";
import { fetchUpstream } from "./upstream/fetch-upstream.ts";
import { createHttp1Client, type UpstreamGet } from "./upstream/http1-client.ts";
import { wireStatus } from "./status/wire-status.ts";
import { readProcessArgs } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";

readProcessArgs({
  name: "npm run router --",
  summary: "The router: forwards GET /recommend/:userid to the workers the rules name, with the rules admin API, /metrics and /healthz.",
  usage: [""],
  examples: ["ROUTER_PORT=8082 npm run router"],
  flags: {},
  notes: ["Configured by the environment (router/config.ts); runs until SIGINT/SIGTERM."],
});

const log = createLogger("router");
const config = loadRouterConfig(Deno.env.toObject());
const telemetryKey = readTelemetrySigningKey(config, (path) => Deno.readTextFileSync(path));
const now = () => Date.now();

const server = await ensureDatabase(config, (line) => log.info(line));
await migrateDatabase(server.url);
const database = connectDatabase(server.url, { max: 4, applicationName: "router" });
await seedRules(database.sql, config, log).catch((error) =>
  log.warn("cannot seed the rules: serving the fallback until rules exist", {
    error: errorMessage(error),
  })
);

const health = createUpstreamHealth({
  ejectAfterFailures: config.ROUTER_EJECT_FAILURES,
  ejectForMs: config.ROUTER_EJECT_MS,
});
const metrics = createRouterMetrics(
  () => health.states(),
  now,
  () => telemetry?.buffered() ?? 0,
);
const telemetry = startTelemetry(config, telemetryKey, metrics, log);
// Created before the rules so that rules which start targeting by attributes load them at once.
const userAttributes = createUserAttributes({
  load: () => loadUserAttributes(database.sql),
  version: () => userAttributesVersion(database.sql),
  needed: () => {
    const current = rules.current();
    return current !== null && usesAttributeTargeting(current);
  },
  refreshMs: config.ROUTER_USER_ATTRIBUTES_REFRESH_MS,
  log,
});
const rules = createRulesHolder({
  source: postgresRulesSource(database.sql),
  pollMs: config.ROUTER_RULES_POLL_MS,
  log,
  onApply: (applied) => {
    metrics.rulesVersion.set(applied.version);
    if (usesAttributeTargeting(applied)) void userAttributes.refresh();
  },
});
await rules.start();
await userAttributes.start();

const fallback = createFallbackList({
  initial: { items: STATIC_FALLBACK, source: "static" },
  load: () => loadFallback(database.sql),
  refreshMs: config.ROUTER_FALLBACK_REFRESH_MS,
  log,
});
await fallback.start();

const checker = startHealthChecks({
  urls: () => Object.values(rules.current()?.pools ?? {}).flatMap((pool) => pool.urls),
  health,
  fetch,
  intervalMs: config.ROUTER_HEALTH_INTERVAL_MS,
  timeoutMs: Math.min(config.ROUTER_HEALTH_INTERVAL_MS, 1000),
  log,
});

const upstream = config.ROUTER_UPSTREAM_CLIENT === "http1" ? createHttp1Client() : null;
const viaFetch = fetchUpstream(fetch);
// The own client speaks plain http only; https workers go through fetch.
const upstreamGet: UpstreamGet = (url, options) =>
  upstream && url.startsWith("http://") ? upstream.get(url, options) : viaFetch(url, options);
const app = createRouterApp({
  rules: () => rules.current(),
  forward: createForwarder({ get: upstreamGet, health, now }),
  fallback: () => fallback.current(),
  attributes: (userId) => userAttributes.get(userId),
  budgetMs: config.ROUTER_BUDGET_MS,
  now,
  metrics,
  log,
  telemetry: telemetry ?? undefined,
  status: wireStatus({ sql: database.sql, rules: () => rules.current(), health, now }),
  admin: {
    token: config.ROUTER_ADMIN_TOKEN,
    store: {
      read: () => readRules(database.sql),
      write: (document, actor) => writeRules(database.sql, document, { actor, source: "api" }),
    },
  },
});

const http = Deno.serve({
  port: config.ROUTER_PORT,
  hostname: config.ROUTER_HOST,
  onListen: ({ hostname, port }) =>
    log.info("router listening", { url: `http://${hostname}:${port}` }),
}, app.fetch);

// Stopped in reverse: HTTP first (in-flight answers finish), then telemetry, the loops, the database.
const shutdown = createShutdown({
  onStart: (signal) => log.info("stopping", { signal }),
  onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
  onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
});
shutdown.add("database server", () => server.stop());
shutdown.add("database", () => database.close());
shutdown.add("user attributes", () => userAttributes.stop());
shutdown.add("rules", () => rules.stop());
shutdown.add("fallback refresh", () => fallback.stop());
shutdown.add("upstream client", () => upstream?.close());
shutdown.add("health checks", () => checker.stop());
shutdown.add("telemetry", () => telemetry?.stop(2000));
shutdown.add("http server", () => http.shutdown());
