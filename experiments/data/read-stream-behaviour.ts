/**
 * What enrolled users did on the site over one stream period, from the event store.
 * A request is a 200 recommendation the site logged; it converts when a recommended
 * movie's watch session starts within the conversion window after it (measurement/conversion). Watch minutes
 * and ratings are those of the sessions so attributed, each session once however many
 * requests recommended it; a rating counts when given after the session started and
 * before the period's last conversion window closed (the latest such rating).
 */
import type postgres from "postgres";
import { z } from "zod";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { shownListsSql, startsWithinWindowSql } from "../../measurement/conversion/conversion-sql.ts";
import type { StreamPeriod } from "./experiment-windows.ts";

/**
 * One user's behaviour in a period; users with no judged request are absent. With an
 * observation window, only the lists shown within that long after the user's first list
 * in the period count, and `window_closed` says whether all of them are judged yet.
 */
export const BehaviourRow = z.object({
  user_id: z.string(),
  requests: z.int().positive(),
  conversions: z.int().nonnegative(),
  watch_minutes: z.number().nonnegative(),
  rating_sum: z.number().nonnegative(),
  rating_count: z.int().nonnegative(),
  window_closed: z.boolean(),
});
export type BehaviourRow = z.infer<typeof BehaviourRow>;

/**
 * Behaviour of `userIds` for recommendations in `period`, watches until `period.to +
 * conversionWindowMs`; per user only within `observationWindowMs` of their first list when given.
 */
export async function readStreamBehaviour(
  sql: postgres.Sql,
  userIds: readonly string[],
  period: StreamPeriod,
  conversionWindowMs: number,
  observationWindowMs: number | null = null,
): Promise<Map<string, BehaviourRow>> {
  if (period.to <= period.from || userIds.length === 0) return new Map();
  const closesAt = period.to + conversionWindowMs;
  // User ids travel as one jsonb text parameter: the embedded database mishandles array parameters.
  const rows = await sql`
    with enrolled as (
      select value::int as user_id from jsonb_array_elements_text(${JSON.stringify(userIds)}::jsonb)
    ),
    period_lists as (
      select r.id, r.user_id, r.time, r.items,
        min(r.time) over (partition by r.user_id) + ${observationWindowMs ?? 0}::float8 * interval '1 millisecond' as window_end
      from recommendation_events r join enrolled e on e.user_id = r.user_id
      where ${shownListsSql(sql, period, "r")}
    ),
    shown as (
      select id, user_id, time, items, window_end from period_lists
      where ${observationWindowMs === null ? sql`true` : sql`time < window_end`}
    ),
    attributed as (
      select s.id, w.user_id, w.movie_id, w.minute_count, w.first_time
      from shown s join watch_sessions w on ${startsWithinWindowSql(sql, "s", "w", conversionWindowMs)}
    ),
    sessions as (
      select distinct user_id, movie_id, minute_count, first_time from attributed
    ),
    rated as (
      select distinct on (h.user_id, h.movie_id) h.user_id, h.rating
      from sessions s join rating_history h on h.user_id = s.user_id and h.movie_id = s.movie_id
        and h.time >= s.first_time and h.time < ${timestampSql(sql, closesAt)}
      order by h.user_id, h.movie_id, h.time desc
    ),
    requests as (
      select user_id, count(*)::int as requests,
        ${observationWindowMs === null ? sql`true` : sql`max(window_end) <= ${timestampSql(sql, period.to)}`} as window_closed
      from shown group by user_id
    ),
    conversions as (select user_id, count(distinct id)::int as conversions from attributed group by user_id),
    minutes as (select user_id, sum(minute_count)::float8 as watch_minutes from sessions group by user_id),
    ratings as (
      select user_id, sum(rating)::float8 as rating_sum, count(*)::int as rating_count from rated group by user_id
    )
    select q.user_id::text as user_id, q.requests, q.window_closed,
      coalesce(c.conversions, 0)::int as conversions,
      coalesce(m.watch_minutes, 0)::float8 as watch_minutes,
      coalesce(g.rating_sum, 0)::float8 as rating_sum,
      coalesce(g.rating_count, 0)::int as rating_count
    from requests q
      left join conversions c on c.user_id = q.user_id
      left join minutes m on m.user_id = q.user_id
      left join ratings g on g.user_id = q.user_id`;
  return new Map(rows.map((r) => {
    const row = BehaviourRow.parse(r);
    return [row.user_id, row];
  }));
}
