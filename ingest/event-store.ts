/**
 * Where ingestion writes. One batch holds lines of one source partition; applying
 * it is atomic, and lines at offsets below the partition's stored checkpoint are
 * skipped, so a redelivered batch is applied exactly once.
 */
import type { SourcedLine } from "./plan-batch.ts";
import type { BatchOutcome } from "./ingest-counts.ts";
import { DEFAULT_EVENT_TIME_BOUNDS, type EventTimeBounds } from "../shared/time/event-time-bounds.ts";

/** How a store judges lines: lateness, the event-time bounds, and the wall clock it trusts. */
export type EventStoreOptions = {
  /** Events older than the watermark minus this count as late (stored, not refused). */
  readonly lateToleranceMs: number;
  /** Which event times are believed; DEFAULT_EVENT_TIME_BOUNDS when unset. */
  readonly timeBounds?: EventTimeBounds;
  /** The ingesting host's clock; Date.now by default. */
  readonly now?: () => number;
};

/** Identifies one Kafka partition's progress in the store. */
export type CheckpointKey = {
  readonly consumer: string;
  readonly clusterId: string;
  readonly topic: string;
  readonly partition: number;
};

export type Batch = {
  /** e.g. `kafka:movielog` or `file:/path/to/log`; stored with quarantined lines. */
  readonly source: string;
  /** Kafka batches carry their checkpoint; file replays have none. */
  readonly checkpoint: CheckpointKey | null;
  readonly lines: readonly SourcedLine[];
  /** Latest event time seen earlier in this source, for sources without a checkpoint. */
  readonly watermark?: number | null;
};

export interface EventStore {
  /** Applies a batch atomically and reports what it did. */
  applyBatch(batch: Batch): Promise<BatchOutcome>;
  /** The next offset to read per partition of a topic, as stored. */
  checkpoints(key: Omit<CheckpointKey, "partition">): Promise<Map<number, number>>;
}

/** The options a plan needs at wall-clock time `nowMs`, defaults filled in. */
export function planOptionsAt(options: EventStoreOptions, nowMs: number) {
  return { lateToleranceMs: options.lateToleranceMs, timeBounds: options.timeBounds ?? DEFAULT_EVENT_TIME_BOUNDS, nowMs };
}
