/**
 * Reads the online input from Postgres: the router's answers in the telemetry
 * window, the site's lists judged in the stream window (measurement/judged-period.ts:
 * those at least one conversion window before the stream's clock), the
 * answers that may have produced those lists (same user, identical items, at any
 * time: the stream's clock may run far ahead of the router's), the watches and
 * ratings that may follow them, the movies the stream saw, and each served
 * version's offline metrics from the registry.
 */
import type postgres from "postgres";
import { z } from "zod";
import { roundedEpochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import { readStreamClock } from "../../measurement/stream-clock.ts";
import { findModel } from "../../registry/model-registry.ts";
import { answerSource, FALLBACK } from "../../measurement/attribution/answer-source.ts";
import { candidateAnswerSql, routerAnswerColumnsSql } from "../../measurement/attribution/router-answer.ts";
import { shownListsSql } from "../../measurement/conversion/conversion-sql.ts";
import { judgedPeriod } from "../../measurement/judged-period.ts";
import { type OfflineMetrics, OnlineInput } from "./online-input.ts";

/** What to read: both windows (epoch ms, each on its own clock), the conversion window and the stream's topic. */
export type OnlineQuery = {
  readonly day: string | null;
  readonly from: number;
  readonly to: number;
  readonly conversionWindowMs: number;
  readonly streamTopic: string;
};

const Metric = z.number().nullable().catch(null);

/** Reads everything the report needs for `query`. */
export async function readOnlineInput(sql: postgres.Sql, query: OnlineQuery): Promise<OnlineInput> {
  const { from, to, conversionWindowMs: window } = query;
  const streamEnd = await readStreamClock(sql, query.streamTopic);
  const period = judgedPeriod({ from, to, streamEnd, windowMs: window });
  const judgedTo = period.to;
  const answers = await sql`
    select ${routerAnswerColumnsSql(sql, "t")} from telemetry_events t
    where t.time >= ${timestampSql(sql, from)} and t.time < ${timestampSql(sql, to)} and t.user_id is not null and t.status = 200
    order by t.time, t.request_id`;
  const judged = shownListsSql(sql, period, "r");
  const shown = judgedTo <= from ? [] : await sql`
    select ${roundedEpochMsSql(sql, "r.time")} as time, r.user_id as "userId", r.items
    from recommendation_events r where ${judged} order by r.time, r.id`;
  const candidates = shown.length === 0 ? [] : await sql`
    select ${routerAnswerColumnsSql(sql, "t")} from telemetry_events t
    where ${candidateAnswerSql(sql, "t", sql`select r.user_id, r.items from recommendation_events r where ${judged}`)}
    order by t.time, t.request_id`;
  const users = sql`(select distinct r.user_id from recommendation_events r where ${judged})`;
  const watches = shown.length === 0 ? [] : await sql`
    select user_id as "userId", movie_id as "movieId", ${roundedEpochMsSql(sql, "first_time")} as "firstTime", minute_count as minutes
    from watch_sessions where user_id in ${users} and first_time >= ${timestampSql(sql, from)} and first_time < ${timestampSql(sql, period.closesAt)}
    order by first_time, user_id, movie_id`;
  const ratings = shown.length === 0 ? [] : await sql`
    select user_id as "userId", movie_id as "movieId", ${roundedEpochMsSql(sql, "time")} as time, rating::int as rating
    from rating_history where user_id in ${users} and time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, period.closesAt)}
    order by time, id`;
  const movies = await sql`
    select distinct movie from (
      select unnest(items) as movie from recommendation_events where time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, to)} and status = 200
      union all select movie_id from watch_sessions where first_time >= ${timestampSql(sql, from)} and first_time < ${timestampSql(sql, to)}
      union all select movie_id from rating_history where time >= ${timestampSql(sql, from)} and time < ${timestampSql(sql, to)}
    ) m order by movie`;

  const versions = new Set([...answers, ...candidates].map((a) => answerSource({ fallback: a.fallback, modelVersion: a.modelVersion })));
  versions.delete(FALLBACK);
  const offline: Record<string, OfflineMetrics | null> = {};
  for (const version of [...versions].sort()) {
    const model = await findModel(sql, version);
    const m = model?.manifest.metrics;
    offline[version] = m === undefined
      ? null
      : { ndcg: Metric.parse(m.ndcg), precision: Metric.parse(m.precision), recall: Metric.parse(m.recall), coverage: Metric.parse(m.coverage) };
  }
  return OnlineInput.parse({
    day: query.day,
    telemetry: { from, to },
    stream: { from, to, judgedTo },
    conversionWindowMs: window,
    answers: [...answers],
    candidates: [...candidates],
    shown: [...shown],
    watches: [...watches],
    ratings: [...ratings],
    streamMovies: movies.map((m) => m.movie),
    offline,
  });
}
