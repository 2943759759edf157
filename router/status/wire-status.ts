/** Wires the status page to the router's database and memory; main.ts calls it once at start. */
import type postgres from "postgres";
import type { RuleSet } from "../../shared/rules/index.ts";
import type { UpstreamHealth } from "../upstream-health.ts";
import { postgresStatusReader, type StatusReadOptions } from "./postgres-status-reader.ts";
import { createStatusCache } from "./status-cache.ts";
import type { StatusDeps } from "./status-routes.tsx";

/** The status page's dependencies over the router's `sql`, rules and upstream health. */
export function wireStatus(deps: {
  sql: postgres.Sql;
  rules: () => RuleSet | null;
  health: UpstreamHealth;
  now: () => number;
  options?: StatusReadOptions;
}): StatusDeps {
  const running = () =>
    (deps.rules()?.experiments ?? []).filter((e) => e.status === "running").map((e) => e.key);
  return {
    cache: createStatusCache({
      reader: postgresStatusReader(deps.sql, deps.options),
      experiments: running,
      now: deps.now,
    }),
    rules: deps.rules,
    upstreams: () => deps.health.states(),
    now: deps.now,
  };
}
