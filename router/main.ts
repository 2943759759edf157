/**
 * The router: `deno run --allow-all router/main.ts`. Serves GET /recommend/:userid on
 * ROUTER_PORT (8082) by forwarding to the workers the rules in Postgres name, with the
 * admin API for those rules, /metrics and /healthz; /metrics also on ROUTER_METRICS_PORT
 * when set. Several routers share ROUTER_PORT (reusePort), so one of them may die or
 * restart while the others answer.
 *
 * It serves at once, before its database answers: from the rules and fallback list it
 * persisted in ROUTER_STATE_DIR last run (router-state-store.ts), else from the static
 * fallback. In the background it reaches the database (starting the embedded one when
 * DATABASE_URL is unset and none is running), applies migrations, seeds the rules with one
 * pool when the rules tables are empty, and from then on follows the rules, the fallback
 * list and user attributes. Records one telemetry event per answer on the Kafka topic
 * ROUTER_TELEMETRY_TOPIC when KAFKA_BROKERS is set, signed with the key of
 * TELEMETRY_SIGNING_KEY(_FILE). /status and /status.json ask for STATUS_TOKEN when it is set,
 * and list Prometheus's firing alerts when PROMETHEUS_URL is.
 * Stops within 5 s on SIGINT/SIGTERM, dead dependencies included.
 */
import { connectDatabase } from "../infra/db/connect-database.ts";
import { embeddedDatabaseUrl, type EmbeddedDatabase } from "../infra/db/embedded-database.ts";
import { ensureDatabase } from "../infra/db/ensure-database.ts";
import { migrateDatabase } from "../infra/db/migrate-database.ts";
import { logUncaughtErrors } from "../infra/log/log-uncaught.ts";
import { createLogger, errorMessage } from "../infra/log/logger.ts";
import { readRules, writeRules } from "../infra/rules/rules-store.ts";
import { loadRouterConfig } from "./config.ts";
import { createRouterApp } from "./create-router-app.ts";
import { createFallbackList } from "./fallback-list.ts";
import { createForwarder } from "./forward-to-pool.ts";
import { startHealthChecks } from "./health-checker.ts";
import { loadFallback } from "./load-fallback.ts";
import { loadUserAttributes, userAttributesVersion } from "./load-user-attributes.ts";
import { metricsRoute } from "./metrics-route.ts";
import { databaseIdentity } from "./persisted-state.ts";
import { postgresRulesSource } from "./postgres-rules-source.ts";
import { prepareInBackground } from "./prepare-in-background.ts";
import { createRouterMetrics } from "./router-metrics.ts";
import { createRouterStateStore } from "./router-state-store.ts";
import { createRulesHolder } from "./rules-holder.ts";
import { seedRules } from "./seed-rules.ts";
import { stopWithin } from "./stop-within.ts";
import { startTelemetry } from "./telemetry/start-telemetry.ts";
import { STATIC_FALLBACK } from "./static-fallback.ts";
import { createUpstreamHealth } from "./upstream-health.ts";
import { createUserAttributes } from "./user-attributes.ts";
import { usesAttributeTargeting } from "../shared/rules/index.ts";
import { readTelemetrySigningKey } from "../shared/telemetry/index.ts";
import { fetchUpstream } from "./upstream/fetch-upstream.ts";
import { createHttp1Client, type UpstreamGet } from "./upstream/http1-client.ts";
import { DEFAULT_STATUS_READ_OPTIONS } from "./status/postgres-status-reader.ts";
import { wireStatus } from "./status/wire-status.ts";
import { readProcessArgs } from "../infra/cli/command.ts";
import { createShutdown } from "../infra/process/on-shutdown.ts";

const log = createLogger("router");
logUncaughtErrors(log);

readProcessArgs({
  name: "npm run router --",
  summary: "The router: forwards GET /recommend/:userid to the workers the rules name, with the rules admin API, /metrics and /healthz.",
  usage: [""],
  examples: ["ROUTER_PORT=8082 npm run router"],
  flags: {},
  notes: ["Configured by the environment (router/config.ts); runs until SIGINT/SIGTERM."],
});

const config = loadRouterConfig(Deno.env.toObject());
const telemetryKey = readTelemetrySigningKey(config, (path) => Deno.readTextFileSync(path));
const now = () => Date.now();

// Connections open on the first query: nothing here waits for the database.
const databaseUrl = config.DATABASE_URL ?? embeddedDatabaseUrl(config.EMBEDDED_DATABASE_PORT);
const database = connectDatabase(databaseUrl, { max: 4, applicationName: "router" });
const state = createRouterStateStore({
  dir: config.ROUTER_STATE_DIR,
  database: databaseIdentity(databaseUrl),
  log,
});
const persisted = state.read();

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
  initial: persisted.rules,
  pollMs: config.ROUTER_RULES_POLL_MS,
  log,
  onApply: (applied) => {
    metrics.rulesVersion.set(applied.version);
    void state.saveRules(applied);
    if (usesAttributeTargeting(applied)) void userAttributes.refresh();
  },
});
if (persisted.rules) metrics.rulesVersion.set(persisted.rules.version);

const fallback = createFallbackList({
  initial: persisted.fallback ?? { items: STATIC_FALLBACK, source: "static" },
  load: () => loadFallback(database.sql),
  refreshMs: config.ROUTER_FALLBACK_REFRESH_MS,
  log,
  onChange: (changed) => void state.saveFallback(changed),
});

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
  status: wireStatus({
    sql: database.sql,
    rules: () => rules.current(),
    health,
    now,
    options: { ...DEFAULT_STATUS_READ_OPTIONS, streamTopic: config.KAFKA_TOPIC },
    prometheusUrl: config.PROMETHEUS_URL,
  }),
  statusToken: config.STATUS_TOKEN,
  admin: {
    token: config.ROUTER_ADMIN_TOKEN,
    store: {
      read: () => readRules(database.sql),
      write: (document, actor) => writeRules(database.sql, document, { actor, source: "api" }),
    },
  },
});

// reusePort: every router process binds ROUTER_PORT, and the kernel spreads new
// connections over those alive, so one router's crash or restart is no outage. Deno 2
// gates it behind --unstable-net (deno.json: "unstable": ["net"]) and exits when it is
// asked for without the flag; Deno.listenDatagram, unstable too, shows the flag is on.
// Without it the router still serves, alone on its port.
const sharesPort = typeof (Deno as { listenDatagram?: unknown }).listenDatagram === "function";
if (!sharesPort) {
  log.warn("cannot share ROUTER_PORT with other routers: Deno runs without --unstable-net", {
    port: config.ROUTER_PORT,
  });
}
const http = Deno.serve({
  port: config.ROUTER_PORT,
  hostname: config.ROUTER_HOST,
  reusePort: sharesPort,
  onListen: ({ hostname, port }) =>
    log.info("router listening", {
      url: `http://${hostname}:${port}`,
      rulesVersion: rules.current()?.version ?? null,
      fallback: fallback.current().source,
    }),
}, app.fetch);

// This process's metrics alone: on the shared port a scrape reaches either router.
const metricsPort = config.ROUTER_METRICS_PORT;
const metricsServer = metricsPort === undefined ? null : Deno.serve({
  port: metricsPort,
  hostname: config.ROUTER_HOST,
  onListen: ({ hostname, port }) => log.info("metrics listening", { url: `http://${hostname}:${port}/metrics` }),
}, metricsRoute(metrics.registry).fetch);

// The database, reached while the router serves: the holders follow it once it is ready,
// and keep what they hold (persisted or static) until then.
let databaseServer: EmbeddedDatabase | null = null;
const preparation = prepareInBackground({
  dependency: "database",
  async attempt() {
    databaseServer ??= await ensureDatabase(config, (line) => log.info(line));
    await migrateDatabase(databaseUrl);
    await seedRules(database.sql, config, log).catch((error) =>
      log.warn("cannot seed the rules: serving the fallback until rules exist", {
        error: errorMessage(error),
      })
    );
  },
  onReady() {
    void rules.start();
    void userAttributes.start();
    void fallback.start();
  },
  servingFrom: () => ({
    rulesVersion: rules.current()?.version ?? null,
    fallback: fallback.current().source,
  }),
  log,
  baseBackoffMs: 250,
  maxBackoffMs: 5000,
  now,
});

// Stopped in reverse: HTTP first (in-flight answers finish), then telemetry, the loops, the
// database. Each step is bounded, and so is the whole, so that a dependency already dead
// (a connection that never answers, a broker that never acknowledges) cannot hold it.
const shutdown = createShutdown({
  onStart: (signal) => log.info("stopping", { signal }),
  onStepError: (step, error) => log.warn("stop failed", { step, error: errorMessage(error) }),
  onTimeout: (step) => log.warn("stop timed out; exiting", { step }),
  timeoutMs: 4500,
});
shutdown.add("database server", stopWithin(2000, () => databaseServer?.stop()));
shutdown.add("database", stopWithin(1000, () => database.close()));
shutdown.add("router state", stopWithin(500, () => state.settled()));
shutdown.add("user attributes", stopWithin(500, () => userAttributes.stop()));
shutdown.add("rules", stopWithin(500, () => rules.stop()));
shutdown.add("fallback refresh", stopWithin(500, () => fallback.stop()));
shutdown.add("database preparation", stopWithin(500, () => preparation.stop()));
shutdown.add("upstream client", stopWithin(500, () => upstream?.close()));
shutdown.add("health checks", stopWithin(500, () => checker.stop()));
shutdown.add("telemetry", stopWithin(2000, () => telemetry?.stop(750)));
shutdown.add("metrics server", stopWithin(500, () => metricsServer?.shutdown()));
shutdown.add("http server", stopWithin(1000, () => http.shutdown()));
