/**
 * Who was in the experiment, from the router's telemetry (measurement/exposure): a user
 * is enrolled when at least one answered-OK request in the window carried an assignment
 * for the experiment. A user with answered-OK requests in two variants (rules edited mid-run, a reshuffled seed) cannot be
 * attributed to either and is returned apart, for the caller to leave out and count.
 */
import type postgres from "postgres";
import { z } from "zod";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { armExposuresSql } from "../../measurement/exposure/arm-exposures-sql.ts";

/**
 * One enrolled user's telemetry: variant, OK answers, first exposure, and the mean latency
 * of every answer in their observation window (from the window's start to one observation
 * window after first exposure) and how many answers that is.
 */
export const ExposureRow = z.object({
  user_id: z.string(),
  variant: z.string(),
  exposures: z.int().positive(),
  latency_ms_mean: z.number().nonnegative(),
  answers: z.int().positive(),
  first_exposure_at: z.number(),
});
export type ExposureRow = z.infer<typeof ExposureRow>;

/**
 * Enrolled users of `key` in the wall-clock window [from, to), and how many were seen in
 * several variants. Latency counts answers until `observationWindowMs` after each user's
 * first exposure, so it is final once that has passed.
 */
export async function readExposures(
  sql: postgres.Sql,
  key: string,
  window: { readonly from: number; readonly to: number },
  observationWindowMs: number,
): Promise<{ users: ExposureRow[]; mixed: number }> {
  // Membership and mixedness are measurement/exposure's (status-200 exposures). Latency,
  // this report's own aggregation, averages every answer of the user's own variant,
  // failures included: a variant that times out more must not look faster by losing its
  // slow answers.
  const rows = await sql`
    with e as (${armExposuresSql(sql, window, { experiment: key })})
    select e.user_id::text as user_id, e.arm as variant, e.exposures, e.first_exposure_at,
      l.latency_ms_mean, l.answers
    from e cross join lateral (
      select avg(t.latency_ms)::float8 as latency_ms_mean, count(*)::int as answers
      from telemetry_events t cross join lateral jsonb_array_elements(t.assignments) a
      where t.user_id = e.user_id
        and t.time >= ${timestampSql(sql, window.from)} and t.time < ${timestampSql(sql, window.to)}
        and t.time < ${timestampSql(sql, sql`(e.first_exposure_at + ${observationWindowMs}::float8)`)}
        and a.value ->> 'experiment' = ${key}::text and a.value ->> 'variant' = e.arm) l
    where e.arms = 1
    order by e.user_id::text`;
  const [mixed] = await sql`select count(*)::int as n from (${armExposuresSql(sql, window, { experiment: key })}) e where e.arms > 1`;
  return { users: rows.map((r) => ExposureRow.parse(r)), mixed: mixed.n };
}
