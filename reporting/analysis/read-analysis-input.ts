/**
 * Reads the analysis input for an event-time window from Postgres: successful
 * recommendation lists, watch sessions' first times and the rating history. An
 * open end of the window becomes the data's own first or last time.
 */
import type postgres from "postgres";
import { roundedEpochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { AnalysisInput } from "./analysis-input.ts";

/** `from`/`to` are epoch ms; null means unbounded. */
export async function readAnalysisInput(sql: postgres.Sql, from: number | null, to: number | null): Promise<AnalysisInput> {
  const lo = from === null ? sql`'-infinity'::timestamptz` : timestampSql(sql, from);
  const hi = to === null ? sql`'infinity'::timestamptz` : timestampSql(sql, to);
  const recommendations = await sql`
    select ${roundedEpochMsSql(sql, "time")} as time, user_id as "userId", items from recommendation_events
    where status = 200 and time >= ${lo} and time < ${hi} order by time, id`;
  const watches = await sql`
    select ${roundedEpochMsSql(sql, "first_time")} as time, user_id as "userId", movie_id as "movieId" from watch_sessions
    where first_time >= ${lo} and first_time < ${hi} order by first_time, user_id, movie_id`;
  const ratings = await sql`
    select ${roundedEpochMsSql(sql, "time")} as time, user_id as "userId", movie_id as "movieId", rating from rating_history
    where time >= ${lo} and time < ${hi} order by time, id`;
  const times = [recommendations, watches, ratings].flatMap((rows) => (rows.length === 0 ? [] : [rows[0].time, rows[rows.length - 1].time])) as number[];
  const first = times.length === 0 ? 0 : Math.min(...times);
  const last = times.length === 0 ? 0 : Math.max(...times) + 1;
  return AnalysisInput.parse({
    from: from ?? first,
    to: to ?? last,
    recommendations: [...recommendations],
    watches: [...watches],
    ratings: [...ratings],
  });
}
