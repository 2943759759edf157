/**
 * Exactly-once, checked from three sides once ingestion has caught up:
 *
 * - Kafka's log end per partition is what the producers (the simulated site and the
 *   drill's probes) wrote and Kafka acknowledged; the partition's checkpoint in the
 *   store is how far ingestion applied it, in the same transaction as the events. The
 *   difference is lost, except on a Kafka the drill killed: lines still inside it died
 *   with it (`lost_with_kafka`, a figure, not a failure).
 * - Every applied batch records its line count (`ingest_batches`). Over the drill, the
 *   lines applied and the checkpoints' advance must be equal: more lines means a batch
 *   counted twice (duplicated), fewer means offsets passed over without their lines.
 * - The drill's own probe lines carry unique ids: each one Kafka acknowledged below the
 *   checkpoint must be in the event store.
 *
 * Pure: the shell reads Kafka and the store (kafka-watch.ts, read-ingest-progress.ts).
 */

/** Next offset per partition. */
export type PartitionOffsets = Readonly<Record<number, number>>;

/** A Kafka cluster seen during the drill: its log end (last seen, or just before the drill killed it). */
export type ClusterSeen = {
  readonly clusterId: string;
  readonly logEnd: PartitionOffsets;
  /** The drill killed it: what it still held is counted apart. */
  readonly killed: boolean;
};

/** Ingestion's progress in the store at one instant (one statement, one snapshot). */
export type IngestProgress = {
  /** The consumer's checkpoints per cluster id. */
  readonly checkpoints: Readonly<Record<string, PartitionOffsets>>;
  /** Lines of every batch applied from the topic so far. */
  readonly batchLines: number;
};

/** A probe line Kafka acknowledged: where it went, and whether the event store holds it. */
export type ProbeSeen = { readonly clusterId: string; readonly partition: number; readonly offset: number; readonly stored: boolean };

export type EventAccount = {
  readonly lost_events: number;
  readonly duplicated_events: number;
  readonly lost_with_kafka: number;
  /** How each figure came about, for the readable report. */
  readonly detail: {
    readonly notApplied: number;
    readonly appliedLines: number;
    readonly checkpointAdvance: number;
    readonly probes: number;
    readonly probesMissing: number;
  };
};

const sumOffsets = (offsets: PartitionOffsets | undefined) => Object.values(offsets ?? {}).reduce((s, n) => s + n, 0);

/** Offsets `clusterId` holds that the store has not applied. */
function notApplied(cluster: ClusterSeen, checkpoints: IngestProgress["checkpoints"]): number {
  const applied = checkpoints[cluster.clusterId] ?? {};
  let gap = 0;
  for (const [partition, end] of Object.entries(cluster.logEnd)) gap += Math.max(0, end - (applied[Number(partition)] ?? 0));
  return gap;
}

/** Lost, duplicated and died-with-Kafka events between `before` and `after` (ingestion caught up). */
export function accountEvents(input: {
  readonly clusters: readonly ClusterSeen[];
  readonly before: IngestProgress;
  readonly after: IngestProgress;
  readonly probes: readonly ProbeSeen[];
}): EventAccount {
  const { clusters, before, after, probes } = input;
  let lostInStream = 0;
  let lostWithKafka = 0;
  for (const cluster of clusters) {
    const gap = notApplied(cluster, after.checkpoints);
    if (cluster.killed) lostWithKafka += gap;
    else lostInStream += gap;
  }
  const clusterIds = new Set([...Object.keys(before.checkpoints), ...Object.keys(after.checkpoints)]);
  let checkpointAdvance = 0;
  for (const id of clusterIds) checkpointAdvance += sumOffsets(after.checkpoints[id]) - sumOffsets(before.checkpoints[id]);
  const appliedLines = after.batchLines - before.batchLines;
  const duplicated = Math.max(0, appliedLines - checkpointAdvance);
  const skipped = Math.max(0, checkpointAdvance - appliedLines);
  // A probe below its partition's checkpoint was applied; if the store lacks it, it was lost
  // there. Probes above the checkpoint are already in the stream's gap.
  const probesMissing = probes.filter((p) => !p.stored && p.offset < (after.checkpoints[p.clusterId]?.[p.partition] ?? 0)).length;
  return {
    // Skipped offsets and missing probes are two views of the same loss: the larger bounds it.
    lost_events: lostInStream + Math.max(skipped, probesMissing),
    duplicated_events: duplicated,
    lost_with_kafka: lostWithKafka,
    detail: { notApplied: lostInStream, appliedLines, checkpointAdvance, probes: probes.length, probesMissing },
  };
}
