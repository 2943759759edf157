/**
 * The site's client timeout: the one definition every consumer uses (the judge's
 * timeouts, the availability report, the status page, the quality report and the
 * simulated client). The site's client gives up at 800 ms, so an answer at or after
 * it is a timeout, whatever its status; in time means strictly before it.
 */
import type postgres from "postgres";
import { z } from "zod";
import type { Queries } from "./queries.ts";

/** The site's client gives up at 800 ms. */
export const SITE_CLIENT_TIMEOUT_MS = 800;

/** Whether an answer of `latencyMs` timed out for the site's client (at or after the timeout). */
export function isSiteTimeout(latencyMs: number, timeoutMs: number = SITE_CLIENT_TIMEOUT_MS): boolean {
  return latencyMs >= timeoutMs;
}

/** SQL boolean: row `t` timed out (`t.latency_ms >= timeout`); `t` is the row's alias or table name. */
export function timedOutSql(sql: Queries, t: string, timeoutMs: number = SITE_CLIENT_TIMEOUT_MS): postgres.Fragment {
  return sql`(${sql(t)}.latency_ms >= ${timeoutMs}::float8)`;
}

/** SQL boolean: row `t` was answered in time (`t.latency_ms < timeout`), the exact complement of `timedOutSql`. */
export function inTimeSql(sql: Queries, t: string, timeoutMs: number = SITE_CLIENT_TIMEOUT_MS): postgres.Fragment {
  return sql`(${sql(t)}.latency_ms < ${timeoutMs}::float8)`;
}

/** An override of the site's timeout from the environment (RELEASE_CLIENT_TIMEOUT_MS). */
export const ClientTimeoutMs = z.coerce.number().int().min(1).max(60_000).default(SITE_CLIENT_TIMEOUT_MS);
