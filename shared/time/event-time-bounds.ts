/**
 * Which event times a consumer may believe. One record must never move a clock:
 * a stream line dated 9999 once moved a partition's watermark, and with it every
 * stream clock, judgement window and report, to the year 9999. So an event is
 * refused when it lies before a floor (no genuine history is that old) or further
 * than a tolerance ahead of a reference the consumer already trusts:
 * the later of the wall clock and the stream's own robust clock.
 *
 * A whole stream may legitimately run ahead of the wall clock (the simulator runs
 * at 30× and 240×): its events move forward a little at a time, so each one is near
 * the partition's watermark. A stream that jumps ahead at once is believed when at
 * least `quorum` distinct users of one batch jumped with it; a lone outlier, or a
 * few, never move it. Pure: the caller passes the wall clock.
 */
import { z } from "zod";

export type EventTimeBounds = {
  /** Events before this (epoch ms) are refused as `past_time`. */
  readonly floorMs: number;
  /** Events later than the reference plus this are refused as `future_time`. */
  readonly futureToleranceMs: number;
  /** Distinct users of one batch that must agree before a jump ahead is believed. */
  readonly quorum: number;
};

/** 2000-01-01T00:00Z: older than any event a streaming site of today can have logged. */
export const DEFAULT_TIME_FLOOR_MS = Date.UTC(2000, 0, 1);
/** One hour: more than clock skew between hosts, less than any judgement horizon. */
export const DEFAULT_FUTURE_TOLERANCE_MS = 3_600_000;
/** Three users: two crafted lines cannot move the clock, a stream that moved can. */
export const DEFAULT_TIME_QUORUM = 3;

export const DEFAULT_EVENT_TIME_BOUNDS: EventTimeBounds = {
  floorMs: DEFAULT_TIME_FLOOR_MS,
  futureToleranceMs: DEFAULT_FUTURE_TOLERANCE_MS,
  quorum: DEFAULT_TIME_QUORUM,
};

export type EventTimeVerdict = "ok" | "future_time" | "past_time";

/** Whether `time` may be believed, given the latest time the consumer trusts (`referenceMs`). */
export function judgeEventTime(time: number, bounds: EventTimeBounds, referenceMs: number): EventTimeVerdict {
  if (!Number.isFinite(time) || time < bounds.floorMs) return "past_time";
  if (time > referenceMs + bounds.futureToleranceMs) return "future_time";
  return "ok";
}

/** Why `time` was refused, naming the value and the bound. */
export function describeTimeVerdict(verdict: Exclude<EventTimeVerdict, "ok">, time: number, bounds: EventTimeBounds, referenceMs: number): string {
  const iso = (ms: number) => (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms));
  return verdict === "past_time"
    ? `event time ${iso(time)} is before the floor ${iso(bounds.floorMs)}`
    : `event time ${iso(time)} is more than ${bounds.futureToleranceMs} ms ahead of the trusted clock ${iso(referenceMs)}`;
}

/**
 * The batch's quorum clock: the `quorum`-th latest time among distinct users, taking
 * each user's latest event; null when fewer users are present. A time at or before
 * it is vouched for by at least `quorum` users.
 */
export function quorumClock(events: Iterable<{ readonly userId: number; readonly time: number }>, quorum: number): number | null {
  const latestByUser = new Map<number, number>();
  for (const { userId, time } of events) {
    const seen = latestByUser.get(userId);
    if (seen === undefined || time > seen) latestByUser.set(userId, time);
  }
  if (latestByUser.size < quorum || quorum < 1) return null;
  const times = [...latestByUser.values()].sort((a, b) => b - a);
  return times[quorum - 1];
}

/** The latest time a consumer trusts: the wall clock, the stream's watermark, or the batch's quorum clock. */
export function trustedClock(nowMs: number, watermark: number | null, batchQuorumClock: number | null): number {
  return Math.max(nowMs, watermark ?? -Infinity, batchQuorumClock ?? -Infinity);
}

/** The environment fields that set the bounds (ingestion of the stream and of telemetry). */
export const EventTimeEnv = z.object({
  /** Events earlier than this ISO time are quarantined as `past_time`. */
  INGEST_TIME_FLOOR: z.string()
    .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, "must be an ISO date or time, e.g. 2000-01-01")
    // A time without a zone is UTC, as the stream's own times are.
    .transform((s) => Date.parse(s.length > 10 && !/(Z|[+-]\d{2}:\d{2})$/.test(s) ? `${s}Z` : s))
    .refine((ms) => Number.isFinite(ms), "must be a valid date")
    .default(DEFAULT_TIME_FLOOR_MS),
  /** Events later than the trusted clock plus this are quarantined as `future_time`. */
  INGEST_FUTURE_TOLERANCE_MS: z.coerce.number().int().min(0).max(365 * 86_400_000).default(DEFAULT_FUTURE_TOLERANCE_MS),
  /** Distinct users of one batch that must agree before the stream's clock may jump ahead. */
  INGEST_TIME_QUORUM: z.coerce.number().int().min(1).max(1000).default(DEFAULT_TIME_QUORUM),
});
export type EventTimeEnv = z.infer<typeof EventTimeEnv>;

/** The bounds an EventTimeEnv describes. */
export function eventTimeBounds(env: EventTimeEnv): EventTimeBounds {
  return { floorMs: env.INGEST_TIME_FLOOR, futureToleranceMs: env.INGEST_FUTURE_TOLERANCE_MS, quorum: env.INGEST_TIME_QUORUM };
}
