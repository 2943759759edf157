/**
 * Records every consumed partition's lag, stored progress and stall verdict in
 * `ingest_partition_status` every few seconds, for readers that have neither Kafka nor a
 * history of samples (the status page). It runs beside the consumers whether or not the
 * metrics port is served, and samples as the metrics do: Kafka's high watermark against
 * the stored checkpoint (ingest-metrics-lag.ts), judged by measurement/partition-stall.ts.
 * Each topic is sampled on its own, so one unreachable topic does not stop the other's
 * rows; a failed sample is logged once per outage and leaves the rows as they were, to
 * age on the page.
 */
import type postgres from "postgres";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { refreshing, type Timers } from "../infra/process/refreshing.ts";
import { PARTITION_STALL_WINDOW_MS } from "../measurement/partition-stall.ts";
import { computeTopicLag } from "./ingest-metrics-lag.ts";
import { readStoredProgress } from "./ingest-metrics-progress.ts";
import type { LaggedTopic } from "./ingest-metrics-refresher.ts";
import { recordPartitionSamples } from "./postgres-partition-status.ts";
import type { TopicOffsetsReader } from "./topic-offsets-reader.ts";

/** How often partitions are sampled: the lag refresher's pace, many samples per stall window. */
export const PARTITION_SAMPLE_MS = 5000;

export type PartitionStatusRecorderOptions = {
  readonly sql: postgres.Sql;
  readonly offsets: TopicOffsetsReader;
  readonly topics: readonly LaggedTopic[];
  readonly log: Logger;
  readonly intervalMs?: number;
  readonly now?: () => number;
  /** The stall definition's window; only tests that scale the whole chain's windows change it. */
  readonly stallWindowMs?: number;
  readonly timers?: Timers;
};

export type PartitionStatusRecorder = {
  /** Resolves when the first round of samples is done (failures are logged, never thrown). */
  readonly first: Promise<void>;
  /** Stops sampling and closes the Kafka client, without waiting for a sample in flight (a hung Kafka call must not hold up shutdown). */
  stop(): Promise<void>;
};

/** Samples every topic now, then every `intervalMs` after the previous round finished. */
export function startPartitionStatusRecorder(options: PartitionStatusRecorderOptions): PartitionStatusRecorder {
  const { log, offsets, sql } = options;
  const now = options.now ?? Date.now;
  const failing = new Set<string>();
  const sampleTopic = async (topic: LaggedTopic) => {
    try {
      const clusterId = await offsets.clusterId();
      const [partitionOffsets, progress] = await Promise.all([offsets.fetchOffsets(topic.topic), readStoredProgress(sql, clusterId, topic)]);
      const { partitions } = computeTopicLag(partitionOffsets, progress);
      await recordPartitionSamples(sql, { consumer: topic.groupId, topic: topic.topic, clusterId }, partitions, now(), options.stallWindowMs ?? PARTITION_STALL_WINDOW_MS);
      if (failing.delete(topic.topic)) log.info("partition status recorded again", { topic: topic.topic });
    } catch (error) {
      if (!failing.has(topic.topic)) log.warn("partition status not recorded", { topic: topic.topic, error: errorMessage(error) });
      failing.add(topic.topic);
    }
  };
  const held = refreshing<void>({
    initial: undefined,
    load: async () => void await Promise.all(options.topics.map(sampleTopic)),
    intervalMs: options.intervalMs ?? PARTITION_SAMPLE_MS,
    // A hung Kafka or Postgres call must not stop the sampling for good.
    timeoutMs: 30_000,
    timers: options.timers,
  });
  return {
    first: held.start(),
    async stop() {
      void held.stop();
      await offsets.close();
    },
  };
}
