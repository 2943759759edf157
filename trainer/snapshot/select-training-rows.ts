/**
 * Selects training rows from the event store: the latest rating and the watch
 * session of every (user, movie) with a time at or before the cutoff, ordered by
 * user then movie id (bytewise) so the content hash is stable.
 */
import type postgres from "postgres";
import { epochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { IdMap } from "../datasets/id-map.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import type { TrainingRows } from "./training-rows.ts";

/** Reads the rows with event time ≤ cutoff (epoch ms). Streams with a cursor: large stores do not load twice. */
export async function selectTrainingRows(sql: postgres.Sql, cutoff: number): Promise<TrainingRows> {
  const users = new IdMap();
  const items = new IdMap();
  const ratings = new InteractionsBuilder();
  const watch = new InteractionsBuilder();
  await sql`
    select user_id, movie_id, rating, ${epochMsSql(sql, "time")} as t from ratings
    where time <= ${timestampSql(sql, cutoff)}
    order by user_id, movie_id collate "C"`.cursor(10_000, (rows) => {
    for (const r of rows) ratings.push(users.intern(String(r.user_id)), items.intern(r.movie_id), Number(r.rating), Number(r.t));
  });
  await sql`
    select user_id, movie_id, minute_count, ${epochMsSql(sql, "last_time")} as t from watch_sessions
    where first_time <= ${timestampSql(sql, cutoff)}
    order by user_id, movie_id collate "C"`.cursor(10_000, (rows) => {
    for (const r of rows) watch.push(users.intern(String(r.user_id)), items.intern(r.movie_id), Number(r.minute_count), Number(r.t));
  });
  return { users, items, ratings: ratings.build(), watch: watch.build() };
}
