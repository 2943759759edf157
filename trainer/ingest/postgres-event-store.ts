/**
 * The event store on Postgres. A batch is one transaction: lock the partition's
 * checkpoint, skip lines already applied, write sessions, ratings,
 * recommendations, quarantine and batch counts with multi-row statements
 * (unnest of arrays), then move the checkpoint. Kafka offsets are committed
 * only after this returns, so a crash anywhere replays into the checkpoint filter.
 */
import type postgres from "postgres";
import { foldWatchSession, type WatchSession } from "./fold-watch-session.ts";
import { type BatchOutcome, countRejections } from "./ingest-counts.ts";
import type { Batch, EventStore } from "./event-store.ts";
import { type BatchPlan, planBatch, watchKey } from "./plan-batch.ts";
import { advanceCheckpoint, lockCheckpoint, readCheckpoints } from "./postgres-checkpoint.ts";
import { insertQuarantine } from "./postgres-quarantine.ts";

type Tx = postgres.TransactionSql;

/** An EventStore writing through `sql`; events later than watermark − tolerance are not late. */
export function createPostgresEventStore(sql: postgres.Sql, options: { lateToleranceMs: number }): EventStore {
  return {
    applyBatch: (batch) => sql.begin((tx) => applyBatch(tx, batch, options.lateToleranceMs)) as Promise<BatchOutcome>,
    checkpoints: (key) => readCheckpoints(sql, key),
  };
}

async function applyBatch(tx: Tx, batch: Batch, lateToleranceMs: number): Promise<BatchOutcome> {
  let lines = batch.lines;
  let watermark = batch.watermark ?? null;
  if (batch.checkpoint) {
    const stored = await lockCheckpoint(tx, batch.checkpoint);
    watermark = stored.watermark;
    lines = lines.filter((l) => l.position >= stored.nextOffset);
  }
  const skipped = batch.lines.length - lines.length;
  const plan = planBatch(lines, watermark, lateToleranceMs);
  const watch = await applyWatch(tx, plan);
  const rate = await applyRatings(tx, plan);
  const recommendation = await applyRecommendations(tx, plan);
  await insertQuarantine(tx, batch.source, plan.rejections);
  const outcome: BatchOutcome = {
    lines: plan.lines,
    accepted: { watch: watch.accepted, rate: rate.accepted, recommendation: recommendation.accepted },
    rejected: countRejections(plan.rejections),
    duplicates: watch.duplicates + rate.duplicates + recommendation.duplicates + plan.duplicatesInBatch,
    late: plan.late,
    skipped,
    watermark: plan.watermark,
  };
  if (plan.lines > 0) await recordBatch(tx, batch.source, outcome, plan);
  if (batch.checkpoint && batch.lines.length > 0) {
    const next = Math.max(...batch.lines.map((l) => l.position)) + 1;
    await advanceCheckpoint(tx, batch.checkpoint, next, plan.watermark);
  }
  return outcome;
}

// Times cross the driver as epoch milliseconds in both directions (see postgres-checkpoint.ts).

async function applyWatch(tx: Tx, plan: BatchPlan): Promise<{ accepted: number; duplicates: number }> {
  // One lock order (user, then movie bytewise) for reads and writes: concurrent batches
  // touching the same sessions wait for each other instead of deadlocking.
  const groups = [...plan.watch.values()].sort(bySessionKey);
  if (groups.length === 0) return { accepted: 0, duplicates: 0 };
  const stored = await tx`
    select user_id, movie_id, (extract(epoch from first_time) * 1000)::float8 as first_time, (extract(epoch from last_time) * 1000)::float8 as last_time, minutes
    from watch_sessions
    where (user_id, movie_id) in (select * from unnest(${groups.map((g) => g.userId)}::int[], ${groups.map((g) => g.movieId)}::text[]))
    order by user_id, movie_id collate "C"
    for update`;
  const existing = new Map<string, WatchSession>();
  for (const r of stored) {
    existing.set(watchKey(r.user_id, r.movie_id), {
      userId: r.user_id, movieId: r.movie_id, firstTime: Number(r.first_time), lastTime: Number(r.last_time),
      minutes: (r.minutes as (number | string)[]).map(Number),
    });
  }
  let duplicates = 0;
  const updated: WatchSession[] = [];
  const created: WatchSession[] = [];
  for (const group of groups) {
    const stored = existing.get(watchKey(group.userId, group.movieId)) ?? null;
    const folded = foldWatchSession(stored, group, group.views);
    duplicates += folded.duplicates;
    if (folded.duplicates === group.views.length) continue;
    (stored ? updated : created).push(folded.session);
  }
  if (updated.length > 0) {
    // These rows are locked (FOR UPDATE above): the merged minutes computed here are authoritative.
    await tx`
      update watch_sessions w set first_time = to_timestamp(x.f / 1000.0), last_time = to_timestamp(x.l / 1000.0),
        minutes = string_to_array(x.ms, ',')::int[], minute_count = x.c, max_minute = x.mx
      from (select * from ${unnestSessions(tx, updated)}) as x
      where w.user_id = x.u and w.movie_id = x.m`;
  }
  if (created.length > 0) {
    // No row to lock existed at read time; if another consumer created one since, the
    // SQL merge repeats the fold's rules so nothing it wrote is overwritten.
    await tx`
      insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
      select u, m, to_timestamp(f / 1000.0), to_timestamp(l / 1000.0), string_to_array(ms, ',')::int[], c, mx
      from ${unnestSessions(tx, created)}
      on conflict (user_id, movie_id) do update set
        first_time = least(watch_sessions.first_time, excluded.first_time),
        last_time = greatest(watch_sessions.last_time, excluded.last_time),
        minutes = array(select distinct x from unnest(watch_sessions.minutes || excluded.minutes) as x order by x),
        minute_count = (select count(distinct x) from unnest(watch_sessions.minutes || excluded.minutes) as x),
        max_minute = greatest(watch_sessions.max_minute, excluded.max_minute)`;
  }
  return { accepted: plan.watchViews - duplicates, duplicates };
}

function bySessionKey(a: { userId: number; movieId: string }, b: { userId: number; movieId: string }): number {
  return a.userId - b.userId || (a.movieId < b.movieId ? -1 : a.movieId > b.movieId ? 1 : 0);
}

/** Sessions as a set-returning fragment with columns (u, m, f, l, ms, c, mx): one parameter per column. */
function unnestSessions(tx: Tx, sessions: readonly WatchSession[]) {
  return tx`unnest(${sessions.map((s) => s.userId)}::int[], ${sessions.map((s) => s.movieId)}::text[],
    ${sessions.map((s) => s.firstTime)}::float8[], ${sessions.map((s) => s.lastTime)}::float8[],
    ${sessions.map((s) => s.minutes.join(","))}::text[], ${sessions.map((s) => s.minutes.length)}::int[],
    ${sessions.map((s) => s.minutes[s.minutes.length - 1])}::int[]) as t(u, m, f, l, ms, c, mx)`;
}

async function applyRatings(tx: Tx, plan: BatchPlan): Promise<{ accepted: number; duplicates: number }> {
  const ratings = plan.ratings;
  if (ratings.length === 0) return { accepted: 0, duplicates: 0 };
  const inserted = await tx`
    insert into rating_history (user_id, movie_id, rating, time)
    select u, m, r, to_timestamp(t / 1000.0)
    from unnest(${ratings.map((e) => e.userId)}::int[], ${ratings.map((e) => e.movieId)}::text[],
      ${ratings.map((e) => e.rating)}::int2[], ${ratings.map((e) => e.time)}::float8[]) as x(u, m, r, t)
    on conflict on constraint rating_history_event_key do nothing
    returning user_id, movie_id, rating, (extract(epoch from time) * 1000)::float8 as time`;
  if (inserted.length > 0) {
    // The latest rating wins; among equal times, the later-arriving line.
    await tx`
      insert into ratings (user_id, movie_id, rating, time)
      select distinct on (u, m) u, m, r, to_timestamp(t / 1000.0)
      from unnest(${inserted.map((r) => r.user_id)}::int[], ${inserted.map((r) => r.movie_id)}::text[],
        ${inserted.map((r) => r.rating)}::int2[], ${inserted.map((r) => Number(r.time))}::float8[],
        ${inserted.map((_, i) => i)}::int[]) as x(u, m, r, t, ord)
      order by u, m, t desc, ord desc
      on conflict (user_id, movie_id) do update set rating = excluded.rating, time = excluded.time
      where excluded.time >= ratings.time`;
  }
  return { accepted: inserted.length, duplicates: ratings.length - inserted.length };
}

async function applyRecommendations(tx: Tx, plan: BatchPlan): Promise<{ accepted: number; duplicates: number }> {
  const events = plan.recommendations;
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  const inserted = await tx`
    insert into recommendation_events (time, user_id, server, status, latency_ms, items, error)
    select to_timestamp(t / 1000.0), u, s, st, l, string_to_array(i, ','), e
    from unnest(${events.map((e) => e.time)}::float8[], ${events.map((e) => e.userId)}::int[],
      ${events.map((e) => e.server)}::text[], ${events.map((e) => e.status)}::int2[],
      ${events.map((e) => e.latencyMs)}::float4[], ${events.map((e) => e.items.join(","))}::text[],
      ${events.map((e) => e.error)}::text[]) as x(t, u, s, st, l, i, e)
    on conflict on constraint recommendation_events_event_key do nothing
    returning id`;
  return { accepted: inserted.length, duplicates: events.length - inserted.length };
}

async function recordBatch(tx: Tx, source: string, outcome: BatchOutcome, plan: BatchPlan): Promise<void> {
  await tx`
    insert into ingest_batches (source, lines, accepted, rejected, duplicates, late, min_event_time, max_event_time)
    values (${source}, ${outcome.lines}, ${JSON.stringify(outcome.accepted)}::jsonb, ${JSON.stringify(outcome.rejected)}::jsonb,
      ${outcome.duplicates}, ${outcome.late}, to_timestamp(${plan.minEventTime}::float8 / 1000.0),
      to_timestamp(${plan.maxEventTime}::float8 / 1000.0))`;
}
