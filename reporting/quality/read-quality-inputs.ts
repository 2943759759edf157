/**
 * Reads the data-quality figures for an event-time window from Postgres. Store
 * figures are exact for the window; batch figures (rejections, duplicates, late)
 * come from the ingested batches whose event-time span overlaps the window, so
 * they are exact only at batch granularity, and batches without any valid event
 * count only when the window is unbounded. The quarantine, every source's, is read by
 * arrival time (received_at): a quarantined record's event time is not trusted.
 */
import type postgres from "postgres";
import { timedOutSql } from "../../measurement/site-timeout.ts";
import { readQuarantineCounts } from "../../read-models/read-quarantine.ts";
import { QualityInputs } from "./quality-report.ts";

/** `from`/`to` are ISO times; null means unbounded. */
export async function readQualityInputs(sql: postgres.Sql, from: string | null, to: string | null): Promise<QualityInputs> {
  const lo = from ?? "-infinity";
  const hi = to ?? "infinity";
  const [batch] = await sql`
    select coalesce(sum(lines), 0)::int as lines, coalesce(sum(duplicates), 0)::int as duplicates, coalesce(sum(late), 0)::int as late,
      to_char(min(min_event_time) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as min_event_time,
      to_char(max(max_event_time) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as max_event_time
    from ingest_batches where ${inWindow(sql, lo, hi)}`;
  const sumJson = async (column: "accepted" | "rejected") => {
    const rows = await sql`
      select key, sum(value::int)::int as n from ingest_batches, jsonb_each_text(${sql(column)})
      where ${inWindow(sql, lo, hi)} group by key order by key`;
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  };
  const [watch] = await sql`
    select count(*)::int as sessions, coalesce(sum(minute_count), 0)::int as minutes,
      count(distinct user_id)::int as users, count(distinct movie_id)::int as movies
    from watch_sessions where last_time >= ${lo}::timestamptz and first_time < ${hi}::timestamptz`;
  const ratingRows = await sql`
    select rating, count(*)::int as n, count(distinct user_id)::int as users from ratings
    where time >= ${lo}::timestamptz and time < ${hi}::timestamptz group by rating order by rating`;
  const [ratingTotals] = await sql`
    select count(*)::int as count, count(distinct user_id)::int as users, count(distinct movie_id)::int as movies from ratings
    where time >= ${lo}::timestamptz and time < ${hi}::timestamptz`;
  const statusRows = await sql`
    select status, count(*)::int as n from recommendation_events
    where time >= ${lo}::timestamptz and time < ${hi}::timestamptz group by status order by status`;
  const [recs] = await sql`
    select count(*)::int as requests,
      count(*) filter (where status = 200 and cardinality(items) = 0)::int as empty_results,
      count(*) filter (where ${timedOutSql(sql, "recommendation_events")})::int as over_budget,
      percentile_cont(0.5) within group (order by latency_ms)::float8 as p50,
      percentile_cont(0.95) within group (order by latency_ms)::float8 as p95,
      percentile_cont(0.99) within group (order by latency_ms)::float8 as p99
    from recommendation_events where time >= ${lo}::timestamptz and time < ${hi}::timestamptz`;
  const quarantine = (await readQuarantineCounts(sql, { from: from === null ? null : Date.parse(from), to: to === null ? null : Date.parse(to) }))
    .sort((a, b) => a.source.localeCompare(b.source) || a.reason.localeCompare(b.reason));
  return QualityInputs.parse({
    from, to,
    batches: {
      lines: batch.lines, duplicates: batch.duplicates, late: batch.late,
      accepted: await sumJson("accepted"), rejected: await sumJson("rejected"),
      minEventTime: batch.min_event_time, maxEventTime: batch.max_event_time,
    },
    watch,
    ratings: { ...ratingTotals, histogram: Object.fromEntries(ratingRows.map((r) => [String(r.rating), r.n])) },
    recommendations: {
      requests: recs.requests, byStatus: Object.fromEntries(statusRows.map((r) => [String(r.status), r.n])),
      emptyResults: recs.empty_results, overBudget: recs.over_budget,
      latencyP50: recs.p50 === null ? null : Number(recs.p50), latencyP95: recs.p95 === null ? null : Number(recs.p95),
      latencyP99: recs.p99 === null ? null : Number(recs.p99),
    },
    quarantine,
  });
}

function inWindow(sql: postgres.Sql, lo: string, hi: string) {
  return sql`(
    (max_event_time >= ${lo}::timestamptz and min_event_time < ${hi}::timestamptz)
    or (min_event_time is null and ${lo} = '-infinity' and ${hi} = 'infinity'))`;
}
