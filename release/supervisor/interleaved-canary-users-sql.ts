/**
 * The canary's interleaved users of a window: users the router answered, in the window,
 * from the release's interleaved route (stable as team A, the canary as team B), whatever
 * the answer's status or whether both pools answered. The route picks them by bucket, so
 * this set depends on no outcome. The preference test reads their preferences, and the
 * conversion comparison leaves them out: they saw both rankings in one list.
 */
import type postgres from "postgres";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import type { Queries } from "../../measurement/queries.ts";

/** Which pools were interleaved, over which telemetry window [from, to) (epoch ms). */
export type InterleavedWindow = { readonly stablePool: string; readonly canaryPool: string; readonly from: number; readonly to: number };

/** SQL select: one row (user_id) per interleaved canary user of `window`. */
export function interleavedCanaryUsersSql(sql: Queries, window: InterleavedWindow): postgres.Fragment {
  return sql`select distinct t.user_id from telemetry_events t
    where t.time >= ${timestampSql(sql, window.from)} and t.time < ${timestampSql(sql, window.to)} and t.user_id is not null
      and t.interleaving ->> 'a' = ${window.stablePool}::text and t.interleaving ->> 'b' = ${window.canaryPool}::text`;
}
