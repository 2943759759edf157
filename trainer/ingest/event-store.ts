/**
 * Where ingestion writes. One batch holds lines of one source partition; applying
 * it is atomic, and lines at offsets below the partition's stored checkpoint are
 * skipped, so a redelivered batch is applied exactly once.
 */
import type { SourcedLine } from "./plan-batch.ts";
import type { BatchOutcome } from "./ingest-counts.ts";

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
