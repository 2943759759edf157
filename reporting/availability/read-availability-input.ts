/**
 * Reads the availability input for `[from, to)` from Postgres: telemetry and
 * stream requests grouped per minute by everything the classification looks at,
 * so a day of traffic arrives as a few rows a minute rather than one per request.
 * Telemetry rows without a user id (refused paths, answered 400) are left out:
 * the stream logs only /recommend/<user> requests, and a 400 to a malformed path
 * is a correct answer, not an outage.
 */
import type postgres from "postgres";
import { epochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { AvailabilityInput } from "./availability-input.ts";
import { MINUTE_MS } from "./downtime-intervals.ts";
import { countedRequestSql } from "../../measurement/availability/availability-sql.ts";
import { inTimeSql, SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";

/** `from`/`to` are epoch ms, applied as given to both sources' clocks; `timeoutMs` is the site's client timeout. */
export async function readAvailabilityInput(
  sql: postgres.Sql,
  from: number,
  to: number,
  timeoutMs: number = SITE_CLIENT_TIMEOUT_MS,
): Promise<AvailabilityInput> {
  // The start of each request's minute since the epoch, as downtime-intervals.ts buckets them.
  const minute = epochMsSql(sql, sql`date_bin(${`${MINUTE_MS} milliseconds`}::interval, time, timestamptz 'epoch')`);
  const telemetry = await sql`
    select ${minute} as minute, status::int as status, ${inTimeSql(sql, "telemetry_events", timeoutMs)} as "inTime", fallback,
      fallback_reason as "fallbackReason", null::text as error, count(*)::int as count
    from telemetry_events
    where time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, to)}
      and ${countedRequestSql(sql, "telemetry_events")}
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;
  const stream = await sql`
    select ${minute} as minute, status::int as status, ${inTimeSql(sql, "recommendation_events", timeoutMs)} as "inTime", false as fallback,
      null::text as "fallbackReason", error, count(*)::int as count
    from recommendation_events
    where time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, to)}
    group by 1, 2, 3, 6 order by 1, 2, 3, 6`;
  return AvailabilityInput.parse({ from, to, telemetry: [...telemetry], stream: [...stream] });
}
