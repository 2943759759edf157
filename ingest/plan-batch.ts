/**
 * Turns one batch of raw lines into what the event store must apply: parsed events
 * grouped and de-duplicated within the batch, rejections with their positions, and
 * the batch's counts. Pure: the caller passes the lines, the source watermark, the
 * lateness tolerance, the event-time bounds and the wall clock.
 */
import type { RateEvent, RecommendationEvent } from "../shared/movielog/events.ts";
import { parseLine } from "../shared/movielog/parse-line.ts";
import type { RejectionReason } from "../shared/movielog/rejection.ts";
import {
  describeTimeVerdict,
  type EventTimeBounds,
  judgeEventTime,
  quorumClock,
  trustedClock,
} from "../shared/time/event-time-bounds.ts";
import type { MinuteView } from "./fold-watch-session.ts";

/** A raw line and where it came from: Kafka partition and offset, or partition -1 and a file line number. */
export type SourcedLine = {
  readonly raw: string;
  readonly partition: number;
  readonly position: number;
  /** The original bytes when they may not survive decoding (Kafka values); quarantined as-is. */
  readonly bytes?: Uint8Array;
};

export type QuarantinedLine = {
  readonly raw: string;
  readonly bytes?: Uint8Array;
  readonly reason: RejectionReason;
  readonly detail: string;
  readonly partition: number;
  readonly position: number;
};

export type WatchGroup = { readonly userId: number; readonly movieId: string; readonly views: MinuteView[] };

export type BatchPlan = {
  readonly lines: number;
  readonly rejections: QuarantinedLine[];
  /** Watch views per (user, movie), in arrival order; duplicates are decided against the store. */
  readonly watch: Map<string, WatchGroup>;
  readonly watchViews: number;
  readonly ratings: RateEvent[];
  readonly recommendations: RecommendationEvent[];
  /** Ratings and recommendations repeated within this batch. */
  readonly duplicatesInBatch: number;
  /** Events older than the watermark minus the tolerance when they arrived. */
  readonly late: number;
  readonly minEventTime: number | null;
  readonly maxEventTime: number | null;
  /** The new watermark: the latest event time seen so far. */
  readonly watermark: number | null;
  /** The latest time the batch trusted: events further ahead than the tolerance were quarantined. */
  readonly trustedClock: number;
};

export type PlanOptions = {
  readonly lateToleranceMs: number;
  readonly timeBounds: EventTimeBounds;
  /** The ingesting host's wall clock, epoch ms. */
  readonly nowMs: number;
  /**
   * The trusted clock to judge against instead of computing one from these lines: a
   * batch split to isolate refused lines is judged as the whole batch was.
   */
  readonly trustedClock?: number;
};

export const ratingKey = (e: RateEvent) => `${e.userId}\u0000${e.movieId}\u0000${e.time}\u0000${e.rating}`;
export const recommendationKey = (e: RecommendationEvent) => `${e.userId}\u0000${e.time}\u0000${e.server}`;
export const watchKey = (userId: number, movieId: string) => `${userId}\u0000${movieId}`;

/** Parses and groups a batch; events outside the time bounds become rejections and move no clock. */
export function planBatch(lines: readonly SourcedLine[], watermark: number | null, options: PlanOptions): BatchPlan {
  const { lateToleranceMs, timeBounds } = options;
  const rejections: QuarantinedLine[] = [];
  const watch = new Map<string, WatchGroup>();
  const ratings = new Map<string, RateEvent>();
  const recommendations = new Map<string, RecommendationEvent>();
  let duplicatesInBatch = 0;
  let watchViews = 0;
  let late = 0;
  let minEventTime: number | null = null;
  let maxEventTime: number | null = null;
  let mark = watermark;

  const parsed = lines.map((line) => parseLine(line.raw));
  const trusted = options.trustedClock ?? trustedClock(
    options.nowMs,
    watermark,
    quorumClock(parsed.flatMap((r) => (r.ok ? [r.event] : [])), timeBounds.quorum),
  );

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const result = parsed[i];
    if (!result.ok) {
      rejections.push({ raw: line.raw, bytes: line.bytes, ...result.rejection, partition: line.partition, position: line.position });
      continue;
    }
    const event = result.event;
    const verdict = judgeEventTime(event.time, timeBounds, trusted);
    if (verdict !== "ok") {
      const detail = describeTimeVerdict(verdict, event.time, timeBounds, trusted);
      rejections.push({ raw: line.raw, bytes: line.bytes, reason: verdict, detail, partition: line.partition, position: line.position });
      continue;
    }
    if (mark !== null && event.time < mark - lateToleranceMs) late++;
    if (mark === null || event.time > mark) mark = event.time;
    if (minEventTime === null || event.time < minEventTime) minEventTime = event.time;
    if (maxEventTime === null || event.time > maxEventTime) maxEventTime = event.time;

    if (event.kind === "watch") {
      const key = watchKey(event.userId, event.movieId);
      let group = watch.get(key);
      if (!group) watch.set(key, (group = { userId: event.userId, movieId: event.movieId, views: [] }));
      group.views.push({ minute: event.minute, time: event.time });
      watchViews++;
    } else if (event.kind === "rate") {
      const key = ratingKey(event);
      if (ratings.has(key)) duplicatesInBatch++;
      else ratings.set(key, event);
    } else {
      const key = recommendationKey(event);
      if (recommendations.has(key)) duplicatesInBatch++;
      else recommendations.set(key, event);
    }
  }
  return {
    lines: lines.length,
    rejections,
    watch,
    watchViews,
    ratings: [...ratings.values()],
    recommendations: [...recommendations.values()],
    duplicatesInBatch,
    late,
    minEventTime,
    maxEventTime,
    watermark: mark,
    trustedClock: trusted,
  };
}
