/** Consumer lag and stored progress per partition, from Kafka's offsets and the stored checkpoints. */

/** One partition's offsets as Kafka reports them (kafkajs admin.fetchTopicOffsets). */
export type PartitionOffsets = { readonly partition: number; readonly low: number; readonly high: number };

/** One partition's stored progress: the next offset to apply and the latest event time applied (ms). */
export type PartitionProgress = {
  readonly nextOffset: number;
  readonly watermark: number | null;
  /** When a batch last moved the checkpoint (ingest_checkpoints.updated_at, ms): wall-clock time, not stream time. */
  readonly progressedAt: number;
};

/** One partition's lag, and its stored progress (null before its first applied batch). */
export type PartitionLag = {
  readonly partition: number;
  readonly lag: number;
  readonly nextOffset: number | null;
  readonly progressedAt: number | null;
};

export type TopicLag = {
  readonly partitions: PartitionLag[];
  /** Latest event time applied on any partition (ms), or null before the first batch. */
  readonly lastEventTime: number | null;
};

/**
 * Lag of each partition Kafka reports: high watermark minus the stored next offset.
 * A partition without a checkpoint is read from the beginning, so all it retains is
 * lag; a checkpoint below the low watermark (retention deleted the rest) counts from there.
 */
export function computeTopicLag(offsets: readonly PartitionOffsets[], stored: ReadonlyMap<number, PartitionProgress>): TopicLag {
  const partitions = [...offsets]
    .sort((a, b) => a.partition - b.partition)
    .map(({ partition, low, high }) => {
      const progress = stored.get(partition);
      const next = Math.max(progress?.nextOffset ?? low, low);
      return { partition, lag: Math.max(0, high - next), nextOffset: progress?.nextOffset ?? null, progressedAt: progress?.progressedAt ?? null };
    });
  let lastEventTime: number | null = null;
  for (const { watermark } of stored.values()) {
    if (watermark !== null && (lastEventTime === null || watermark > lastEventTime)) lastEventTime = watermark;
  }
  return { partitions, lastEventTime };
}
