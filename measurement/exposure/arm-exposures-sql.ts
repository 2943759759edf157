/**
 * Exposure per arm, one definition for the judge, the experiment reports and the status
 * page: an exposure is an answer with status 200 to a valid user id, carrying the arm (a
 * pool, or an experiment's variant). A user's arm is the single arm of their exposures in
 * the window; users exposed in more than one arm are mixed: left out, and counted.
 */
import type postgres from "postgres";
import { roundedEpochMsSql, timestampSql } from "../../infra/db/epoch-sql.ts";
import type { Queries } from "../queries.ts";

/** Where the arm comes from: the telemetry pool, or an experiment's assignment. */
export type ArmSource = { readonly pools: readonly string[] } | { readonly experiment: string };

/**
 * SQL select: one row per exposed user of [from, to) (wall clock, epoch ms): user_id, arm
 * (the least when mixed), arms (distinct arms), exposures (status-200 answers),
 * first_exposure_at (epoch ms).
 */
export function armExposuresSql(sql: Queries, window: { readonly from: number; readonly to: number }, source: ArmSource): postgres.Fragment {
  const ok = sql`t.time >= ${timestampSql(sql, window.from)} and t.time < ${timestampSql(sql, window.to)}
    and t.user_id is not null and t.status = 200`;
  const rows = "pools" in source
    ? sql`select t.user_id, t.pool as arm, t.time from telemetry_events t
        where ${ok} and t.pool in (select jsonb_array_elements_text(${JSON.stringify(source.pools)}::jsonb))`
    : sql`select t.user_id, a.value ->> 'variant' as arm, t.time
        from telemetry_events t cross join lateral jsonb_array_elements(t.assignments) a
        where ${ok} and a.value ->> 'experiment' = ${source.experiment}::text`;
  return sql`select x.user_id, min(x.arm) as arm, count(distinct x.arm)::int as arms, count(*)::int as exposures,
      ${roundedEpochMsSql(sql, sql`min(x.time)`)} as first_exposure_at
    from (${rows}) x group by x.user_id`;
}

/** SQL select: users exposed in exactly one arm (user_id, arm, exposures, first_exposure_at). */
export function singleArmUsersSql(sql: Queries, window: { readonly from: number; readonly to: number }, source: ArmSource): postgres.Fragment {
  return sql`select e.user_id, e.arm, e.exposures, e.first_exposure_at from (${armExposuresSql(sql, window, source)}) e where e.arms = 1`;
}

/** Single-arm users per arm, and the number of mixed users left out. */
export async function readArmUserCounts(
  sql: Queries,
  window: { readonly from: number; readonly to: number },
  source: ArmSource,
): Promise<{ users: Record<string, number>; mixed: number }> {
  const rows = await sql`
    select case when e.arms = 1 then e.arm end as arm, count(*)::int as users
    from (${armExposuresSql(sql, window, source)}) e group by 1 order by 1`;
  const users: Record<string, number> = {};
  let mixed = 0;
  for (const r of rows) {
    if (r.arm === null) mixed += r.users;
    else users[r.arm as string] = r.users;
  }
  return { users, mixed };
}
