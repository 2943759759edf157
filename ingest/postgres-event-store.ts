/**
 * The event store on Postgres. A batch is one transaction: lock the partition's
 * checkpoint, skip lines already applied, write sessions, ratings,
 * recommendations, quarantine and batch counts with multi-row statements
 * (unnest of arrays), then move the checkpoint. Kafka offsets are committed
 * only after this returns, so a crash anywhere replays into the checkpoint filter.
 *
 * A line the database refuses although it passed the parser's bounds is a bad
 * line, not an outage: the batch runs again with its lines applied in savepoints,
 * halved until each refused line stands alone; those are quarantined as
 * `store_refused` with the database's words, and the rest commits with the
 * checkpoint. Only availability errors leave this function.
 */
import type postgres from "postgres";
import { describeRefusal } from "../infra/db/database-refusal.ts";
import { epochMsSql, timestampSql } from "../infra/db/epoch-sql.ts";
import { isolateRefusedRecords, withRefusalIsolation } from "../infra/db/isolate-refused-records.ts";
import { foldWatchSession, type WatchSession } from "./fold-watch-session.ts";
import { type BatchOutcome, countRejections } from "./ingest-counts.ts";
import { type Batch, type EventStore, type EventStoreOptions, planOptionsAt } from "./event-store.ts";
import { type BatchPlan, planBatch, type PlanOptions, type QuarantinedLine, type SourcedLine, watchKey } from "./plan-batch.ts";
import { advanceCheckpoint, lockCheckpoint, readCheckpoints } from "./postgres-checkpoint.ts";
import { insertQuarantine } from "./postgres-quarantine.ts";

type Tx = postgres.TransactionSql;

/** An EventStore writing through `sql`, judging lines by `options`. */
export function createPostgresEventStore(sql: postgres.Sql, options: EventStoreOptions): EventStore {
  const now = options.now ?? Date.now;
  return {
    applyBatch: (batch) =>
      withRefusalIsolation(sql, (tx, isolate) => applyBatch(tx, batch, planOptionsAt(options, now()), isolate)),
    checkpoints: (key) => readCheckpoints(sql, key),
  };
}

/** What writing some lines did: their plan and what the store made of it. */
type Applied = {
  readonly plan: BatchPlan;
  readonly accepted: BatchOutcome["accepted"];
  readonly duplicates: number;
};

async function applyBatch(tx: Tx, batch: Batch, options: PlanOptions, isolate: boolean): Promise<BatchOutcome> {
  let lines = batch.lines;
  let watermark = batch.watermark ?? null;
  if (batch.checkpoint) {
    const stored = await lockCheckpoint(tx, batch.checkpoint);
    watermark = stored.watermark;
    lines = lines.filter((l) => l.position >= stored.nextOffset);
  }
  const skipped = batch.lines.length - lines.length;
  const parts: Applied[] = [];
  const refused: QuarantinedLine[] = [];
  if (!isolate) {
    parts.push(await applyLines(tx, lines, watermark, options));
  } else {
    // Judge every part against the clock the whole batch would have trusted, and thread
    // the watermark through the parts in order, so the outcome matches the fast path's.
    const judged = { ...options, trustedClock: planBatch(lines, watermark, options).trustedClock };
    let mark = watermark;
    const refusals = await isolateRefusedRecords(tx, lines, (sp, chunk) => applyLines(sp, chunk, mark, judged), (part) => {
      parts.push(part);
      mark = part.plan.watermark;
    });
    for (const { record, refusal } of refusals) refused.push(refusedLine(record, describeRefusal(refusal)));
  }
  const rejections = [...parts.flatMap((p) => p.plan.rejections), ...refused].sort((a, b) => a.position - b.position);
  await insertQuarantine(tx, batch.source, rejections);
  const newWatermark = parts.reduce<number | null>((w, p) => p.plan.watermark ?? w, watermark);
  const outcome: BatchOutcome = {
    lines: lines.length,
    accepted: {
      watch: sum(parts, (p) => p.accepted.watch),
      rate: sum(parts, (p) => p.accepted.rate),
      recommendation: sum(parts, (p) => p.accepted.recommendation),
    },
    rejected: countRejections(rejections),
    duplicates: sum(parts, (p) => p.duplicates),
    late: sum(parts, (p) => p.plan.late),
    skipped,
    watermark: newWatermark,
  };
  if (lines.length > 0) await recordBatch(tx, batch.source, outcome, eventTimeRange(parts));
  if (batch.checkpoint && batch.lines.length > 0) {
    const next = Math.max(...batch.lines.map((l) => l.position)) + 1;
    await advanceCheckpoint(tx, batch.checkpoint, next, newWatermark);
  }
  return outcome;
}

/** Plans `lines` and writes their events; throws whatever the database says. */
async function applyLines(tx: Tx, lines: readonly SourcedLine[], watermark: number | null, options: PlanOptions): Promise<Applied> {
  const plan = planBatch(lines, watermark, options);
  const watch = await applyWatch(tx, plan);
  const rate = await applyRatings(tx, plan);
  const recommendation = await applyRecommendations(tx, plan);
  return {
    plan,
    accepted: { watch: watch.accepted, rate: rate.accepted, recommendation: recommendation.accepted },
    duplicates: watch.duplicates + rate.duplicates + recommendation.duplicates + plan.duplicatesInBatch,
  };
}

function refusedLine(line: SourcedLine, detail: string): QuarantinedLine {
  return { raw: line.raw, bytes: line.bytes, reason: "store_refused", detail, partition: line.partition, position: line.position };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}

function eventTimeRange(parts: readonly Applied[]): { min: number | null; max: number | null } {
  let min: number | null = null;
  let max: number | null = null;
  for (const { plan } of parts) {
    if (plan.minEventTime !== null && (min === null || plan.minEventTime < min)) min = plan.minEventTime;
    if (plan.maxEventTime !== null && (max === null || plan.maxEventTime > max)) max = plan.maxEventTime;
  }
  return { min, max };
}

// Times cross the driver as epoch milliseconds in both directions (see postgres-checkpoint.ts).

async function applyWatch(tx: Tx, plan: BatchPlan): Promise<{ accepted: number; duplicates: number }> {
  // One lock order (user, then movie bytewise) for reads and writes: concurrent batches
  // touching the same sessions wait for each other instead of deadlocking.
  const groups = [...plan.watch.values()].sort(bySessionKey);
  if (groups.length === 0) return { accepted: 0, duplicates: 0 };
  const stored = await tx`
    select user_id, movie_id, ${epochMsSql(tx, "first_time")} as first_time, ${epochMsSql(tx, "last_time")} as last_time, minutes
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
      update watch_sessions w set first_time = ${timestampSql(tx, tx`x.f`)}, last_time = ${timestampSql(tx, tx`x.l`)},
        minutes = string_to_array(x.ms, ',')::int[], minute_count = x.c, max_minute = x.mx
      from (select * from ${unnestSessions(tx, updated)}) as x
      where w.user_id = x.u and w.movie_id = x.m`;
  }
  if (created.length > 0) {
    // No row to lock existed at read time; if another consumer created one since, the
    // SQL merge repeats the fold's rules so nothing it wrote is overwritten.
    await tx`
      insert into watch_sessions (user_id, movie_id, first_time, last_time, minutes, minute_count, max_minute)
      select u, m, ${timestampSql(tx, tx`f`)}, ${timestampSql(tx, tx`l`)}, string_to_array(ms, ',')::int[], c, mx
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
    select u, m, r, ${timestampSql(tx, tx`t`)}
    from unnest(${ratings.map((e) => e.userId)}::int[], ${ratings.map((e) => e.movieId)}::text[],
      ${ratings.map((e) => e.rating)}::int2[], ${ratings.map((e) => e.time)}::float8[]) as x(u, m, r, t)
    on conflict on constraint rating_history_event_key do nothing
    returning user_id, movie_id, rating, ${epochMsSql(tx, "time")} as time`;
  if (inserted.length > 0) {
    // The latest rating wins; among equal times, the later-arriving line.
    await tx`
      insert into ratings (user_id, movie_id, rating, time)
      select distinct on (u, m) u, m, r, ${timestampSql(tx, tx`t`)}
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
    select ${timestampSql(tx, tx`t`)}, u, s, st, l, string_to_array(i, ','), e
    from unnest(${events.map((e) => e.time)}::float8[], ${events.map((e) => e.userId)}::int[],
      ${events.map((e) => e.server)}::text[], ${events.map((e) => e.status)}::int2[],
      ${events.map((e) => e.latencyMs)}::float4[], ${events.map((e) => e.items.join(","))}::text[],
      ${events.map((e) => e.error)}::text[]) as x(t, u, s, st, l, i, e)
    on conflict on constraint recommendation_events_event_key do nothing
    returning id`;
  return { accepted: inserted.length, duplicates: events.length - inserted.length };
}

async function recordBatch(tx: Tx, source: string, outcome: BatchOutcome, times: { min: number | null; max: number | null }): Promise<void> {
  await tx`
    insert into ingest_batches (source, lines, accepted, rejected, duplicates, late, min_event_time, max_event_time)
    values (${source}, ${outcome.lines}, ${JSON.stringify(outcome.accepted)}::jsonb, ${JSON.stringify(outcome.rejected)}::jsonb,
      ${outcome.duplicates}, ${outcome.late}, ${timestampSql(tx, times.min)},
      ${timestampSql(tx, times.max)})`;
}
