/**
 * Where telemetry ingestion writes. A batch holds messages of one Kafka partition;
 * applying it is atomic with the partition's checkpoint, and messages at offsets
 * below the stored checkpoint are skipped, so a redelivered batch is applied once.
 */
import type { CheckpointKey } from "./event-store.ts";
import type { SourcedLine } from "./plan-batch.ts";
import type { TelemetryCounts } from "./telemetry-counts.ts";

export type TelemetryBatch = {
  readonly checkpoint: CheckpointKey;
  readonly lines: readonly SourcedLine[];
};

export interface TelemetryStore {
  /** Applies a batch atomically and reports what it did. */
  applyBatch(batch: TelemetryBatch): Promise<TelemetryCounts>;
  /** The next offset to read per partition of a topic, as stored. */
  checkpoints(key: Omit<CheckpointKey, "partition">): Promise<Map<number, number>>;
}
