/**
 * Aggregates one canary window into the judge's per-arm summaries. Guardrails come
 * from the router's telemetry (`telemetry_events`), which knows the pool of every
 * request. Quality comes from the stream, where the site logs what each client was
 * shown and what the user then watched: conversion is a recommended movie started
 * within the conversion window, measured on the stream's own clock. Each user counts
 * once, over a fixed window: the lists shown to them in the conversion window after
 * their first list of the step, and only once every one of those lists is judged, so a
 * user's value is final when it enters the judge's sequence (their share of converting
 * lists; their watch minutes per list, capped at the judge's WATCH_MINUTES_CAP so the
 * value is bounded). The user's arm is the one pool telemetry saw them on during the
 * window; users seen on both (a step change mid-window) are left out, and the users of
 * each arm are the sample-ratio check's counts. Users of the canary's interleaved route
 * (interleaved-canary-users-sql.ts) saw both rankings in one list: they count as canary
 * users everywhere but in quality, whose comparison they would blur (the judge gives
 * quality the canary's share of the users left).
 * Every definition (clock, judged period, conversion, exposure, timeout, availability)
 * comes from measurement/; this file keeps only the judge's aggregation. The judge's
 * guardrail counters (errors, timeouts, fallbacks) are its own, counted per request and,
 * with the user as the unit, as each user's share of failed requests; `unavailable` and
 * `degraded` are the one availability rule, for the report. Latencies are also binned
 * (judge/latency-histogram.ts) for the judge's quantile tests.
 *
 * The two clocks differ when the site's clock runs ahead (a sped-up simulation), so
 * the stream window is given separately, as stream times.
 */
import type postgres from "postgres";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { convertedSql, shownListsSql, startsWithinWindowSql } from "../../measurement/conversion/conversion-sql.ts";
import { singleArmUsersSql } from "../../measurement/exposure/arm-exposures-sql.ts";
import { availableSql, countedRequestSql, degradedSql } from "../../measurement/availability/availability-sql.ts";
import { judgedPeriod } from "../../measurement/judged-period.ts";
import { timedOutSql } from "../../measurement/site-timeout.ts";
import { type ArmStats, LATENCY_BINS_PER_LOG_UNIT, type LatencyHistogram, type UserFailures, type UserMoments } from "../judge/arm-stats.ts";
import { WATCH_MINUTES_CAP } from "../judge/lift-sequence.ts";
import { interleavedCanaryUsersSql } from "./interleaved-canary-users-sql.ts";

/** The window of one check: wall-clock times for telemetry, stream times for behaviour. */
export type ArmWindow = {
  readonly stablePool: string;
  readonly canaryPool: string;
  /** Telemetry window [from, to), epoch ms. */
  readonly from: number;
  readonly to: number;
  /** Stream window: lists from `streamFrom` are judged up to one window before the stream's clock `streamTo` (measurement/judged-period.ts). */
  readonly streamFrom: number;
  readonly streamTo: number | null;
  readonly conversionWindowMs: number;
  /** Answers at or after this count as timeouts: the client gave up on them (measurement/site-timeout.ts). */
  readonly clientTimeoutMs: number;
};

/** Both arms' summaries, plus each arm's single-arm users in telemetry (for the report; mixed users left out). */
export type ArmWindowStats = {
  readonly stable: ArmStats;
  readonly canary: ArmStats;
  readonly users: { readonly stable: number; readonly canary: number };
};

const NO_MOMENTS: UserMoments = { users: 0, mean: 0, variance: 0 };

/** Reads both arms' summaries of `window`. */
export async function readArmStats(sql: postgres.Sql, window: ArmWindow): Promise<ArmWindowStats> {
  const pools = [window.stablePool, window.canaryPool];
  // The guardrail counters, one definition for the per-request and the per-user figures.
  const isError = sql`(status >= 500 and status <> 504)`;
  const isTimeout = sql`(status = 504 or ${timedOutSql(sql, "telemetry_events", window.clientTimeoutMs)})`;
  const inWindow = sql`time >= ${timestampSql(sql, window.from)} and time < ${timestampSql(sql, window.to)}
      and pool in ${sql(pools)} and ${countedRequestSql(sql, "telemetry_events")}`;
  const requestRows = await sql`
    select pool,
      count(*)::int as requests,
      count(*) filter (where ${isError})::int as errors,
      count(*) filter (where ${isTimeout})::int as timeouts,
      count(*) filter (where fallback)::int as fallbacks,
      count(*) filter (where not ${availableSql(sql, "telemetry_events", window.clientTimeoutMs)})::int as unavailable,
      count(*) filter (where ${degradedSql(sql, "telemetry_events", window.clientTimeoutMs)})::int as degraded,
      percentile_cont(0.95) within group (order by latency_ms)::float8 as p95,
      percentile_cont(0.99) within group (order by latency_ms)::float8 as p99
    from telemetry_events
    where ${inWindow}
    group by pool`;
  // Each user's share of failed requests in the window, per pool, and the users with any.
  const failureRows = await sql`
    with per_user as (
      select pool, user_id,
        avg((${isError})::int)::float8 as errors, avg((${isTimeout})::int)::float8 as timeouts, avg(fallback::int)::float8 as fallbacks
      from telemetry_events where ${inWindow}
      group by pool, user_id
    )
    select pool, count(*)::int as users,
      avg(errors)::float8 as errors_mean, coalesce(var_samp(errors), 0)::float8 as errors_variance,
      count(*) filter (where errors > 0)::int as errors_failing,
      avg(timeouts)::float8 as timeouts_mean, coalesce(var_samp(timeouts), 0)::float8 as timeouts_variance,
      count(*) filter (where timeouts > 0)::int as timeouts_failing,
      avg(fallbacks)::float8 as fallbacks_mean, coalesce(var_samp(fallbacks), 0)::float8 as fallbacks_variance,
      count(*) filter (where fallbacks > 0)::int as fallbacks_failing
    from per_user group by pool`;
  // The sample-ratio check's users: every user telemetry saw in one pool only, whatever the
  // status (a canary failing requests still had its users routed to it; exposures count only answers).
  const routedRows = await sql`
    select pool, count(*)::int as users from (
      select user_id, min(pool) as pool from telemetry_events where ${inWindow}
      group by user_id having count(distinct pool) = 1
    ) u group by pool`;
  // The bin rule of judge/latency-histogram.ts latencyBin: floor(ln(1 + ms) × bins per log unit), at most 4096.
  const binRows = await sql`
    select pool, least(4096, floor(ln(1 + greatest(latency_ms, 0)::float8) * ${LATENCY_BINS_PER_LOG_UNIT}))::int as bin, count(*)::int as count
    from telemetry_events where ${inWindow}
    group by 1, 2 order by 1, 2`;

  const period = judgedPeriod({ from: window.streamFrom, streamEnd: window.streamTo, windowMs: window.conversionWindowMs });
  const arms = sql`select e.user_id, e.arm as pool from (${singleArmUsersSql(sql, window, { pools })}) e`;
  const armUsers = await sql`select pool, count(*)::int as users from (${arms}) a group by pool`;
  const compared = sql`select a.user_id, a.pool from (${arms}) a
    where not exists (select 1 from (${interleavedCanaryUsersSql(sql, window)}) i where i.user_id = a.user_id)`;
  const qualityRows = period.to <= period.from ? [] : await sql`
    with arms as (${compared}),
    shown as (
      select r.user_id, r.time, r.items
      from recommendation_events r join arms a on a.user_id = r.user_id
      where ${shownListsSql(sql, period, "r")}
    ),
    firsts as (select user_id, min(time) as first_time from shown group by user_id),
    outcomes as (
      select s.user_id, ${convertedSql(sql, "s", period.windowMs)} as converted,
        (select coalesce(sum(w.minute_count), 0) from watch_sessions w
          where ${startsWithinWindowSql(sql, "s", "w", period.windowMs)}) as minutes
      from shown s join firsts f on f.user_id = s.user_id
      -- The user's window [first, first + window) lies wholly in the judged period: their value is final.
      where f.first_time <= ${timestampSql(sql, period.to - period.windowMs)}
        and s.time < f.first_time + ${period.windowMs}::float8 * interval '1 millisecond'
    ),
    per_user as (
      select user_id, avg(converted::int)::float8 as conversion, least(avg(minutes)::float8, ${WATCH_MINUTES_CAP}::float8) as minutes
      from outcomes group by user_id
    )
    select a.pool, count(*)::int as users,
      avg(p.conversion)::float8 as conversion_mean, coalesce(var_samp(p.conversion), 0)::float8 as conversion_variance,
      avg(p.minutes)::float8 as minutes_mean, coalesce(var_samp(p.minutes), 0)::float8 as minutes_variance
    from per_user p join arms a on a.user_id = p.user_id
    group by a.pool`;

  // Exposure per arm (measurement/exposure): single-arm users only, as experiments and the status page count them.
  const users = (pool: string): number => armUsers.find((row) => row.pool === pool)?.users ?? 0;
  const arm = (pool: string): ArmStats => {
    const r = requestRows.find((row) => row.pool === pool);
    const q = qualityRows.find((row) => row.pool === pool);
    const moments = (mean: unknown, variance: unknown): UserMoments =>
      q ? { users: q.users, mean: Number(mean), variance: Math.max(0, Number(variance)) } : NO_MOMENTS;
    const f = failureRows.find((row) => row.pool === pool);
    const failures = (counter: "errors" | "timeouts" | "fallbacks"): UserFailures => f
      ? { users: f.users, mean: Number(f[`${counter}_mean`]), variance: Math.max(0, Number(f[`${counter}_variance`])), failing: f[`${counter}_failing`] }
      : { ...NO_MOMENTS, failing: 0 };
    const histogram: LatencyHistogram = binRows.filter((row) => row.pool === pool).map((row) => [row.bin, row.count]);
    return {
      requests: r?.requests ?? 0,
      errors: r?.errors ?? 0,
      timeouts: r?.timeouts ?? 0,
      fallbacks: r?.fallbacks ?? 0,
      telemetryUsers: routedRows.find((row) => row.pool === pool)?.users ?? 0,
      unavailable: r?.unavailable ?? 0,
      degraded: r?.degraded ?? 0,
      userFailures: { errors: failures("errors"), timeouts: failures("timeouts"), fallbacks: failures("fallbacks") },
      latencyMs: r ? { p95: Number(r.p95), p99: Number(r.p99) } : null,
      latencyHistogram: histogram,
      conversion: moments(q?.conversion_mean, q?.conversion_variance),
      watch_minutes: moments(q?.minutes_mean, q?.minutes_variance),
    };
  };
  return {
    stable: arm(window.stablePool),
    canary: arm(window.canaryPool),
    users: { stable: users(window.stablePool), canary: users(window.canaryPool) },
  };
}
