/**
 * Who was in the experiment, from the router's telemetry: a user is enrolled when at
 * least one answered-OK request in the window carried an assignment for the experiment.
 * A user seen in two variants (rules edited mid-run, a reshuffled seed) cannot be
 * attributed to either and is returned apart, for the caller to leave out and count.
 */
import type postgres from "postgres";
import { z } from "zod";

/** One enrolled user's telemetry: variant, OK answers, mean latency of every answer, first exposure. */
export const ExposureRow = z.object({
  user_id: z.string(),
  variant: z.string(),
  exposures: z.int().positive(),
  latency_ms_mean: z.number().nonnegative(),
  first_exposure_at: z.number(),
});
export type ExposureRow = z.infer<typeof ExposureRow>;

const Row = ExposureRow.extend({ variants: z.int().positive() });

/** Enrolled users of `key` in the wall-clock window [from, to), and how many were seen in several variants. */
export async function readExposures(
  sql: postgres.Sql,
  key: string,
  window: { readonly from: number; readonly to: number },
): Promise<{ users: ExposureRow[]; mixed: number }> {
  // Latency averages every answer carrying the assignment, failures included: a variant
  // that times out more must not look faster by losing its slow answers.
  const rows = await sql`
    with assigned as (
      select t.user_id, a.value ->> 'variant' as variant, t.status, t.latency_ms, t.time
      from telemetry_events t cross join lateral jsonb_array_elements(t.assignments) a
      where t.time >= to_timestamp(${window.from} / 1000.0) and t.time < to_timestamp(${window.to} / 1000.0)
        and t.user_id is not null and a.value ->> 'experiment' = ${key}
    )
    select user_id::text as user_id, count(distinct variant)::int as variants, min(variant) as variant,
      count(*) filter (where status = 200)::int as exposures,
      avg(latency_ms)::float8 as latency_ms_mean,
      round(extract(epoch from min(time) filter (where status = 200)) * 1000)::float8 as first_exposure_at
    from assigned
    group by user_id
    having count(*) filter (where status = 200) > 0
    order by user_id`;
  const parsed = rows.map((r) => Row.parse(r));
  return {
    users: parsed.filter((r) => r.variants === 1).map(({ variants: _, ...user }) => user),
    mixed: parsed.filter((r) => r.variants > 1).length,
  };
}
