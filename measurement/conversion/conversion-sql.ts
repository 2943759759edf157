/**
 * The conversion predicate in SQL, the one definition every database reader composes:
 * a list converts when its user first started one of its movies within the window after
 * it, `first_time ∈ [list.time, list.time + window)`. `watch_sessions` holds one row per
 * user and movie, so a rewatch never converts. Its TypeScript twin is
 * converting-starts.ts; cases.json pins both.
 */
import type postgres from "postgres";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import type { Queries } from "../queries.ts";

/** SQL boolean: the site's shown lists of `period` in row `r`: status 200, at least one movie, `r.time` in [from, to) (stream ms). */
export function shownListsSql(sql: Queries, period: { readonly from: number; readonly to: number }, r = "r"): postgres.Fragment {
  return sql`(${sql(r)}.time >= ${timestampSql(sql, period.from)}
    and ${sql(r)}.time < ${timestampSql(sql, period.to)}
    and ${sql(r)}.status = 200 and cardinality(${sql(r)}.items) > 0)`;
}

/** SQL join condition: watch session `w` started one of list `l`'s movies in [l.time, l.time + window). */
export function startsWithinWindowSql(sql: Queries, l: string, w: string, windowMs: number): postgres.Fragment {
  return sql`(${sql(w)}.user_id = ${sql(l)}.user_id and ${sql(w)}.movie_id = any(${sql(l)}.items)
    and ${sql(w)}.first_time >= ${sql(l)}.time
    and ${sql(w)}.first_time < ${sql(l)}.time + ${windowMs}::float8 * interval '1 millisecond')`;
}

/** SQL boolean: list `l` converted. */
export function convertedSql(sql: Queries, l: string, windowMs: number): postgres.Fragment {
  return sql`exists (select 1 from watch_sessions cw where ${startsWithinWindowSql(sql, l, "cw", windowMs)})`;
}
