/** Wires the status page to the router's database, memory and Prometheus; main.ts calls it once at start. */
import type postgres from "postgres";
import type { RuleSet } from "../../shared/rules/index.ts";
import type { UpstreamHealth } from "../upstream-health.ts";
import { postgresStatusReader, type StatusReadOptions } from "./postgres-status-reader.ts";
import { prometheusAlertsReader } from "./prometheus-alerts.ts";
import { createReadCache, createStatusCache } from "./status-cache.ts";
import type { StatusDeps } from "./status-routes.tsx";

/** The status page's dependencies over the router's `sql`, rules and upstream health, and Prometheus at `prometheusUrl` when given. */
export function wireStatus(deps: {
  sql: postgres.Sql;
  rules: () => RuleSet | null;
  health: UpstreamHealth;
  now: () => number;
  options?: StatusReadOptions;
  /** PROMETHEUS_URL: where the alerts are read; unset, the page says no Prometheus is configured. */
  prometheusUrl?: string;
  fetch?: typeof fetch;
}): StatusDeps {
  const running = () =>
    (deps.rules()?.experiments ?? []).filter((e) => e.status === "running").map((e) => e.key);
  const alerts = deps.prometheusUrl === undefined ? null : prometheusAlertsReader(deps.prometheusUrl, deps.fetch);
  return {
    cache: createStatusCache({
      reader: postgresStatusReader(deps.sql, deps.options),
      experiments: running,
      now: deps.now,
    }),
    // Read on the page's requests like the database numbers, and as rarely.
    alerts: alerts === null ? undefined : createReadCache({ read: (now) => alerts.read(now), now: deps.now, timeoutMs: 10_000 }),
    rules: deps.rules,
    upstreams: () => deps.health.states(),
    now: deps.now,
  };
}
