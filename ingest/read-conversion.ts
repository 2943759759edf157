/**
 * Reads the lists judged for conversion, in one query: the site's lists (status 200,
 * not empty) of the last period of the stream's own clock that is at least one
 * conversion window old, each with whether a recommended movie's watch session
 * started within the window after it, and the router's answers to the same user with
 * identical items (at any time: the stream's clock may run far ahead of the router's).
 *
 * The stream's clock is the latest event time ingestion applied from the stream's
 * topic, or the latest list for a store filled without Kafka. Numbers travel as
 * float8 epoch milliseconds and arrays come back as JSON text: the embedded database
 * mishandles driver arrays and dates.
 */
import type postgres from "postgres";
import { z } from "zod";
import { RouterAnswer } from "../reporting/online/online-input.ts";
import type { JudgedList } from "./ingest-metrics-conversion.ts";

/** What to read: the stream's topic, the conversion window and the judged period (ms). */
export type ConversionQuery = { readonly streamTopic: string; readonly conversionWindowMs: number; readonly periodMs: number };

/** JSON text parsed, then validated by `schema`. */
const jsonText = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: `not JSON: ${text.slice(0, 80)}` });
      return z.NEVER;
    }
  }).pipe(schema);

/** One row of the query: a judged list, its outcome and its candidate answers. */
const ConversionRow = z.object({
  time: z.number(),
  userId: z.number().int(),
  items: jsonText(z.array(z.string().min(1)).min(1)),
  converted: z.boolean(),
  answers: jsonText(z.array(RouterAnswer)),
});

/** The judged lists of the query's rows; throws naming the first malformed row. */
export function parseConversionRows(rows: readonly unknown[]): JudgedList[] {
  return rows.map((raw, index) => {
    const row = ConversionRow.safeParse(raw);
    if (!row.success) throw new Error(`Cannot read conversion row ${index}: ${row.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return { ...row.data, time: Math.round(row.data.time) };
  });
}

/** Reads the judged lists of `query`'s period; none before anything was ingested. */
export async function readConversion(sql: postgres.Sql, query: ConversionQuery): Promise<JudgedList[]> {
  const window = query.conversionWindowMs;
  const rows = await sql`
    with clock as (
      select coalesce(
        (select extract(epoch from max(watermark)) * 1000 from ingest_checkpoints where topic = ${query.streamTopic}::text),
        (select extract(epoch from max(time)) * 1000 from recommendation_events)
      )::float8 as end_ms
    ),
    judged as (
      select r.id, r.time, r.user_id, r.items from recommendation_events r
      where r.time >= to_timestamp(((select end_ms from clock) - ${window}::float8 - ${query.periodMs}::float8) / 1000.0)
        and r.time < to_timestamp(((select end_ms from clock) - ${window}::float8) / 1000.0)
        and r.status = 200 and cardinality(r.items) > 0
    ),
    answers as (
      select t.user_id, t.items, json_agg(json_build_object(
          'time', round(extract(epoch from t.time) * 1000)::bigint, 'userId', t.user_id, 'pool', t.pool,
          'modelVersion', t.model_version, 'fallback', t.fallback, 'items', t.items
        ) order by t.time, t.request_id)::text as answers
      from telemetry_events t
      where t.status = 200 and (t.user_id, t.items) in (select user_id, items from judged)
      group by t.user_id, t.items
    )
    select (extract(epoch from j.time) * 1000)::float8 as time, j.user_id as "userId", array_to_json(j.items)::text as items,
      exists (
        select 1 from watch_sessions w
        where w.user_id = j.user_id and w.movie_id = any(j.items) and w.first_time >= j.time
          and w.first_time < j.time + ${window}::float8 * interval '1 millisecond'
      ) as converted,
      coalesce(a.answers, '[]') as answers
    from judged j left join answers a on a.user_id = j.user_id and a.items = j.items
    order by j.time, j.id`;
  return parseConversionRows(rows);
}
