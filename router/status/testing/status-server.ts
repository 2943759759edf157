/**
 * A router with the status page, for the end-to-end test until main.ts wires it:
 * `deno run --allow-all router/status/testing/status-server.ts` with DATABASE_URL set.
 * The real app over the real rules holder, health checks and status reader; it serves
 * the static fallback list and sends no telemetry. Listens on ROUTER_HOST:ROUTER_PORT,
 * prints `status server listening on <url>` on stdout, and stops on SIGINT/SIGTERM.
 */
import { connectDatabase } from "../../../infra/db/connect-database.ts";
import { createLogger } from "../../../infra/log/logger.ts";
import { readRules, writeRules } from "../../../infra/rules/rules-store.ts";
import { loadRouterConfig } from "../../config.ts";
import { createRouterApp } from "../../create-router-app.ts";
import { createForwarder } from "../../forward-to-pool.ts";
import { startHealthChecks } from "../../health-checker.ts";
import { postgresRulesSource } from "../../postgres-rules-source.ts";
import { createRouterMetrics } from "../../router-metrics.ts";
import { createRulesHolder } from "../../rules-holder.ts";
import { STATIC_FALLBACK } from "../../static-fallback.ts";
import { createUpstreamHealth } from "../../upstream-health.ts";
import { fetchUpstream } from "../../upstream/fetch-upstream.ts";
import { wireStatus } from "../wire-status.ts";

const log = createLogger("status-server");
const config = loadRouterConfig(Deno.env.toObject());
if (!config.DATABASE_URL) {
  throw new Error("status-server needs DATABASE_URL: it starts no database");
}
const now = () => Date.now();
const database = connectDatabase(config.DATABASE_URL, { max: 4, applicationName: "status-server" });

const health = createUpstreamHealth({
  ejectAfterFailures: config.ROUTER_EJECT_FAILURES,
  ejectForMs: config.ROUTER_EJECT_MS,
});
const metrics = createRouterMetrics(() => health.states(), now);
const rules = createRulesHolder({
  source: postgresRulesSource(database.sql),
  pollMs: config.ROUTER_RULES_POLL_MS,
  log,
});
await rules.start();
const checker = startHealthChecks({
  urls: () => Object.values(rules.current()?.pools ?? {}).flatMap((pool) => pool.urls),
  health,
  fetch,
  intervalMs: config.ROUTER_HEALTH_INTERVAL_MS,
  timeoutMs: Math.min(config.ROUTER_HEALTH_INTERVAL_MS, 1000),
  log,
});

const app = createRouterApp({
  rules: () => rules.current(),
  forward: createForwarder({ get: fetchUpstream(fetch), health, now }),
  fallback: () => ({ items: STATIC_FALLBACK, source: "static" }),
  budgetMs: config.ROUTER_BUDGET_MS,
  now,
  metrics,
  log,
  admin: {
    token: config.ROUTER_ADMIN_TOKEN,
    store: {
      read: () => readRules(database.sql),
      write: (document, actor) => writeRules(database.sql, document, { actor, source: "api" }),
    },
  },
  status: wireStatus({ sql: database.sql, rules: () => rules.current(), health, now }),
});

const http = Deno.serve({
  port: config.ROUTER_PORT,
  hostname: config.ROUTER_HOST,
  onListen: ({ hostname, port }) =>
    console.log(`status server listening on http://${hostname}:${port}`),
}, app.fetch);

async function shutdown() {
  await http.shutdown();
  checker.stop();
  await rules.stop();
  await database.close();
  Deno.exit(0);
}
Deno.addSignalListener("SIGINT", () => void shutdown());
Deno.addSignalListener("SIGTERM", () => void shutdown());
