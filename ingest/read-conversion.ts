/**
 * Reads the lists judged for conversion: the site's lists (status 200,
 * not empty) of the last period of the stream's own clock that is at least one
 * conversion window old, each with whether a recommended movie's watch session
 * started within the window after it, and the router's answers to the same user with
 * identical items (at any time: the stream's clock may run far ahead of the router's).
 *
 * The stream's clock, the judged period, the predicate and the attribution all come
 * from measurement/; this file keeps only the gauge's read. Numbers travel as
 * float8 epoch milliseconds and arrays come back as JSON text: the embedded database
 * mishandles driver arrays and dates.
 */
import type postgres from "postgres";
import { z } from "zod";
import { jsonText } from "../infra/db/json-text.ts";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { candidateAnswerSql, RouterAnswer, routerAnswerJsonSql } from "../measurement/attribution/router-answer.ts";
import { convertedSql, shownListsSql } from "../measurement/conversion/conversion-sql.ts";
import { lastJudgedPeriod } from "../measurement/judged-period.ts";
import { readStreamClock } from "../measurement/stream-clock.ts";
import type { JudgedList } from "./ingest-metrics-conversion.ts";

/** What to read: the stream's topic, the conversion window and the judged period (ms). */
export type ConversionQuery = { readonly streamTopic: string; readonly conversionWindowMs: number; readonly periodMs: number };

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
  const clock = await readStreamClock(sql, query.streamTopic);
  if (clock === null) return [];
  const period = lastJudgedPeriod(clock, query.conversionWindowMs, query.periodMs);
  const rows = await sql`
    with judged as (
      select r.id, r.time, r.user_id, r.items from recommendation_events r where ${shownListsSql(sql, period, "r")}
    ),
    answers as (
      select t.user_id, t.items, json_agg(${routerAnswerJsonSql(sql, "t")} order by t.time, t.request_id)::text as answers
      from telemetry_events t
      where ${candidateAnswerSql(sql, "t", sql`select user_id, items from judged`)}
      group by t.user_id, t.items
    )
    select ${epochMsSql(sql, "j.time")} as time, j.user_id as "userId", array_to_json(j.items)::text as items,
      ${convertedSql(sql, "j", period.windowMs)} as converted,
      coalesce(a.answers, '[]') as answers
    from judged j left join answers a on a.user_id = j.user_id and a.items = j.items
    order by j.time, j.id`;
  return parseConversionRows(rows);
}
