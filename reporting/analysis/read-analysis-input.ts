/**
 * Reads the analysis input for an event-time window from Postgres: successful
 * recommendation lists, watch sessions' first times and the rating history. An
 * open end of the window becomes the data's own first or last time.
 */
import type postgres from "postgres";
import { AnalysisInput } from "./analysis-input.ts";

/** `from`/`to` are ISO times; null means unbounded. */
export async function readAnalysisInput(sql: postgres.Sql, from: string | null, to: string | null): Promise<AnalysisInput> {
  const lo = from ?? "-infinity";
  const hi = to ?? "infinity";
  const ms = (column: string) => sql.unsafe(`round(extract(epoch from ${column}) * 1000)::float8`);
  const recommendations = await sql`
    select ${ms("time")} as time, user_id as "userId", items from recommendation_events
    where status = 200 and time >= ${lo}::timestamptz and time < ${hi}::timestamptz order by time, id`;
  const watches = await sql`
    select ${ms("first_time")} as time, user_id as "userId", movie_id as "movieId" from watch_sessions
    where first_time >= ${lo}::timestamptz and first_time < ${hi}::timestamptz order by first_time, user_id, movie_id`;
  const ratings = await sql`
    select ${ms("time")} as time, user_id as "userId", movie_id as "movieId", rating from rating_history
    where time >= ${lo}::timestamptz and time < ${hi}::timestamptz order by time, id`;
  const times = [recommendations, watches, ratings].flatMap((rows) => (rows.length === 0 ? [] : [rows[0].time, rows[rows.length - 1].time])) as number[];
  const first = times.length === 0 ? 0 : Math.min(...times);
  const last = times.length === 0 ? 0 : Math.max(...times) + 1;
  return AnalysisInput.parse({
    from: from === null ? first : Date.parse(from),
    to: to === null ? last : Date.parse(to),
    recommendations: [...recommendations],
    watches: [...watches],
    ratings: [...ratings],
  });
}
