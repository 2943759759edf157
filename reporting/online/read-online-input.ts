/**
 * Reads the online input from Postgres: the router's answers in the telemetry
 * window, the site's lists judged in the stream window (those at least one
 * conversion window before the stream's end, as the experiments judge them), the
 * answers that may have produced those lists (same user, identical items, at any
 * time: the stream's clock may run far ahead of the router's), the watches and
 * ratings that may follow them, the movies the stream saw, and each served
 * version's offline metrics from the registry.
 */
import type postgres from "postgres";
import { z } from "zod";
import { readStreamClock } from "../../release/supervisor/read-arm-stats.ts";
import { findModel } from "../../registry/model-registry.ts";
import { answerSource, FALLBACK } from "./answer-source.ts";
import { type OfflineMetrics, OnlineInput } from "./online-input.ts";

/** What to read: both windows (epoch ms, each on its own clock), the conversion window and the stream's topic. */
export type OnlineQuery = {
  readonly day: string | null;
  readonly from: number;
  readonly to: number;
  readonly conversionWindowMs: number;
  readonly streamTopic: string;
};

const ANSWER_COLUMNS = `round(extract(epoch from t.time) * 1000)::float8 as time, t.user_id as "userId", t.pool,
  t.model_version as "modelVersion", t.fallback, t.items`;
const ms = (t: number) => `to_timestamp(${Math.trunc(t)} / 1000.0)`;

const Metric = z.number().nullable().catch(null);

/** Reads everything the report needs for `query`. */
export async function readOnlineInput(sql: postgres.Sql, query: OnlineQuery): Promise<OnlineInput> {
  const { from, to, conversionWindowMs: window } = query;
  const streamEnd = (await readStreamClock(sql, query.streamTopic)) ?? (await latestStreamTime(sql));
  const judgedTo = Math.min(to, Math.max(from, (streamEnd ?? from) - window));
  const closesAt = judgedTo + window;
  // Every bound is an integer formatted into the text, so no parameter types are involved.
  const answers = await sql.unsafe(`
    select ${ANSWER_COLUMNS} from telemetry_events t
    where t.time >= ${ms(from)} and t.time < ${ms(to)} and t.user_id is not null and t.status = 200
    order by t.time, t.request_id`);
  const judged = `r.time >= ${ms(from)} and r.time < ${ms(judgedTo)} and r.status = 200 and cardinality(r.items) > 0`;
  const shown = judgedTo <= from ? [] : await sql.unsafe(`
    select round(extract(epoch from r.time) * 1000)::float8 as time, r.user_id as "userId", r.items
    from recommendation_events r where ${judged} order by r.time, r.id`);
  const candidates = shown.length === 0 ? [] : await sql.unsafe(`
    select ${ANSWER_COLUMNS} from telemetry_events t
    where t.status = 200 and exists (select 1 from recommendation_events r where ${judged} and r.user_id = t.user_id and r.items = t.items)
    order by t.time, t.request_id`);
  const users = `(select distinct r.user_id from recommendation_events r where ${judged})`;
  const watches = shown.length === 0 ? [] : await sql.unsafe(`
    select user_id as "userId", movie_id as "movieId", round(extract(epoch from first_time) * 1000)::float8 as "firstTime", minute_count as minutes
    from watch_sessions where user_id in ${users} and first_time >= ${ms(from)} and first_time < ${ms(closesAt)}
    order by first_time, user_id, movie_id`);
  const ratings = shown.length === 0 ? [] : await sql.unsafe(`
    select user_id as "userId", movie_id as "movieId", round(extract(epoch from time) * 1000)::float8 as time, rating::int as rating
    from rating_history where user_id in ${users} and time >= ${ms(from)} and time < ${ms(closesAt)}
    order by time, id`);
  const movies = await sql.unsafe(`
    select distinct movie from (
      select unnest(items) as movie from recommendation_events where time >= ${ms(from)} and time < ${ms(to)} and status = 200
      union all select movie_id from watch_sessions where first_time >= ${ms(from)} and first_time < ${ms(to)}
      union all select movie_id from rating_history where time >= ${ms(from)} and time < ${ms(to)}
    ) m order by movie`);

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

/** The latest event time in the stream's tables, for stores filled without Kafka (no watermark); null when empty. */
async function latestStreamTime(sql: postgres.Sql): Promise<number | null> {
  const [row] = await sql.unsafe(`
    select round(extract(epoch from greatest(
      (select max(time) from recommendation_events), (select max(last_time) from watch_sessions), (select max(time) from rating_history)
    )) * 1000)::float8 as ms`);
  return row?.ms == null ? null : Number(row.ms);
}
