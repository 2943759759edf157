/**
 * The router's answers as attribution reads them (status 200, a user id), the site's
 * judged lists, and the SQL that reads answers in that one shape for every reader.
 */
import type postgres from "postgres";
import { z } from "zod";
import { roundedEpochMsSql } from "../../infra/db/epoch-sql.ts";
import type { Queries } from "../queries.ts";

/** One answered request as the router logged it (status 200, a user id). */
export const RouterAnswer = z.object({
  time: z.number().int(),
  userId: z.number().int(),
  pool: z.string().nullable(),
  modelVersion: z.string().nullable(),
  fallback: z.boolean(),
  items: z.array(z.string()),
});
export type RouterAnswer = z.infer<typeof RouterAnswer>;

/** A list the site logged (status 200, not empty) in the judged period. */
export const ShownList = z.object({
  time: z.number().int(),
  userId: z.number().int(),
  items: z.array(z.string().min(1)),
});
export type ShownList = z.infer<typeof ShownList>;

/** SQL select list: the columns of a `RouterAnswer` from telemetry row `t`. */
export function routerAnswerColumnsSql(sql: Queries, t: string): postgres.Fragment {
  return sql`${roundedEpochMsSql(sql, `${t}.time`)} as time, ${sql(t)}.user_id as "userId", ${sql(t)}.pool,
    ${sql(t)}.model_version as "modelVersion", ${sql(t)}.fallback, ${sql(t)}.items`;
}

/** SQL json: a `RouterAnswer` object built from telemetry row `t`, for `json_agg`. */
export function routerAnswerJsonSql(sql: Queries, t: string): postgres.Fragment {
  return sql`json_build_object('time', ${roundedEpochMsSql(sql, `${t}.time`)}, 'userId', ${sql(t)}.user_id,
    'pool', ${sql(t)}.pool, 'modelVersion', ${sql(t)}.model_version, 'fallback', ${sql(t)}.fallback, 'items', ${sql(t)}.items)`;
}

/**
 * SQL boolean: telemetry row `t` may have produced one of `lists` (a fragment selecting
 * user_id, items): answered 200 to the same user with identical items, at any time (the
 * stream's clock may run far ahead of the router's).
 */
export function candidateAnswerSql(sql: Queries, t: string, lists: postgres.Fragment): postgres.Fragment {
  return sql`(${sql(t)}.status = 200 and (${sql(t)}.user_id, ${sql(t)}.items) in (${lists}))`;
}
