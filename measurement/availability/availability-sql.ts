/**
 * Availability in SQL, the twin of request-outcome.ts: a request counts when it names a
 * user (a 400 to a malformed path is a correct refusal); it is available when answered
 * 200 before the site's timeout, fallback answers included; a fallback answer in time is
 * degraded, never unavailable; everything else is unavailable.
 */
import type postgres from "postgres";
import type { Queries } from "../queries.ts";
import { inTimeSql, SITE_CLIENT_TIMEOUT_MS } from "../site-timeout.ts";

/** SQL boolean: telemetry row `t` counts for availability (it names a user). */
export function countedRequestSql(sql: Queries, t: string): postgres.Fragment {
  return sql`(${sql(t)}.user_id is not null)`;
}

/** SQL boolean: row `t` was available: status 200 in time, fallback answers included. */
export function availableSql(sql: Queries, t: string, timeoutMs: number = SITE_CLIENT_TIMEOUT_MS): postgres.Fragment {
  return sql`(${sql(t)}.status = 200 and ${inTimeSql(sql, t, timeoutMs)})`;
}

/** SQL boolean: telemetry row `t` was available but from the router's fallback list. */
export function degradedSql(sql: Queries, t: string, timeoutMs: number = SITE_CLIENT_TIMEOUT_MS): postgres.Fragment {
  return sql`(${availableSql(sql, t, timeoutMs)} and ${sql(t)}.fallback)`;
}
