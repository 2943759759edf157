/**
 * The Kafka shell shared by the ingestors: a consumer group reading one topic in
 * batches. Each batch is handed to `apply` (which moves the partition's stored
 * checkpoint in the same transaction as its rows), and only then are offsets
 * resolved and committed to Kafka. On joining the group, partitions are moved to
 * the stored checkpoints. A failing `apply` is retried with backoff while
 * heartbeating; nothing is skipped. `apply` sets aside the records the database
 * refuses (see infra/db/isolate-refused-records.ts), so what reaches the retry
 * loop is the database being away, or a fault of our own: the log line names the
 * partition, the offset it is held at, and which of the two it is.
 */
import type { Consumer, Kafka } from "kafkajs";
import { backoffDelay } from "../shared/retry/backoff-delay.ts";
import { errorMessage, type Logger } from "../infra/log/logger.ts";
import { isDatabaseUnavailable } from "../infra/db/database-refusal.ts";
import type { CheckpointKey } from "./event-store.ts";
import type { SourcedLine } from "./plan-batch.ts";

export type ConsumeTopicOptions = {
  readonly kafka: Kafka;
  readonly topic: string;
  /** Also the consumer's name in the stored checkpoints. */
  readonly groupId: string;
  readonly log: Logger;
  readonly maxBackoffMs: number;
  readonly sessionTimeoutMs?: number;
  /** Partitions whose batches are applied at the same time (each in its own transaction). */
  readonly partitionsConcurrently?: number;
  /** Applies one partition's messages atomically, skipping offsets below its stored checkpoint. */
  apply(checkpoint: CheckpointKey, lines: SourcedLine[]): Promise<void>;
  /** The stored next offset per partition. */
  checkpoints(key: Omit<CheckpointKey, "partition">): Promise<Map<number, number>>;
  /** Runs once Kafka has answered and before subscribing, e.g. to make sure the topic exists. */
  beforeSubscribe?(): Promise<void>;
  /**
   * Called when kafkajs gives up on the consumer (a crash it will not restart): consuming
   * has stopped for good, so the process should exit and let its supervisor start it again.
   */
  onFatal?(error: Error): void;
};

/** What a caller of consumeTopic sets itself: everything but how batches are applied. */
export type ConsumerSettings = Omit<ConsumeTopicOptions, "apply" | "checkpoints" | "beforeSubscribe">;

export type TopicConsumer = {
  readonly clusterId: string;
  stop(): Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects, joins the group and starts applying batches; resolves once consuming has started. */
export async function consumeTopic(options: ConsumeTopicOptions): Promise<TopicConsumer> {
  const { kafka, topic, groupId, log } = options;
  const clusterId = await describeClusterWithRetry(kafka, log, options.maxBackoffMs);
  const checkpointBase = { consumer: groupId, clusterId, topic };
  let stopping = false;

  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  const consumer: Consumer = kafka.consumer({
    groupId,
    sessionTimeout,
    heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)),
    retry: { retries: 10 },
    maxBytesPerPartition: 4 << 20,
    maxWaitTimeInMs: 1000,
  });
  consumer.on(consumer.events.GROUP_JOIN, async ({ payload }) => {
    const assigned = payload.memberAssignment[topic] ?? [];
    const stored = await options.checkpoints(checkpointBase).catch(() => new Map<number, number>());
    for (const partition of assigned) {
      const next = stored.get(partition);
      if (next !== undefined) consumer.seek({ topic, partition, offset: String(next) });
    }
    log.info("joined consumer group", { groupId, topic, partitions: assigned, resumeFrom: Object.fromEntries(stored) });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart || stopping) {
      log.error("consumer crashed; kafkajs restarts it", { topic, error: payload.error.message });
      return;
    }
    log.error("consumer crashed and kafkajs gave up on it: consuming has stopped", { topic, error: payload.error.message });
    options.onFatal?.(payload.error);
  });

  await options.beforeSubscribe?.();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    // Partitions are independent (own checkpoint, own transaction): applying them side
    // by side overlaps parsing with Postgres work and uses both cores.
    partitionsConsumedConcurrently: options.partitionsConcurrently ?? 2,
    autoCommit: false,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
      if (batch.messages.length === 0) return;
      const lines: SourcedLine[] = batch.messages.map((m) => ({
        raw: m.value ? m.value.toString("utf8") : "",
        bytes: m.value ?? undefined,
        partition: batch.partition,
        position: Number(m.offset),
      }));
      const checkpoint = { ...checkpointBase, partition: batch.partition };
      for (let attempt = 0; ; attempt++) {
        try {
          await options.apply(checkpoint, lines);
          break;
        } catch (error) {
          if (stopping || !isRunning() || isStale()) return; // not applied: redelivered later
          const delay = backoffDelay(attempt, options.maxBackoffMs);
          const unavailable = isDatabaseUnavailable(error);
          log.warn(
            unavailable
              ? `partition ${batch.partition} held at offset ${batch.firstOffset()}: database unavailable; retrying the batch`
              : `partition ${batch.partition} held at offset ${batch.firstOffset()}: the batch failed unexpectedly; retrying it`,
            {
              topic, partition: batch.partition, heldAtOffset: batch.firstOffset(), cause: unavailable ? "database_unavailable" : "unexpected_error",
              attempt, retryInMs: delay, error: errorMessage(error),
            },
          );
          await sleep(delay);
          await heartbeat().catch(() => {});
        }
      }
      resolveOffset(batch.lastOffset()); // moves the fetch position; kafkajs re-fetches unresolved messages
      const next = String(Number(batch.lastOffset()) + 1);
      // The store already holds this progress; a failed commit only costs a redelivery that the checkpoint filters.
      await consumer.commitOffsets([{ topic, partition: batch.partition, offset: next }]).catch((error) =>
        log.warn("offset commit failed; the stored checkpoint covers it", { topic, partition: batch.partition, error: errorMessage(error) })
      );
      await heartbeat().catch(() => {});
    },
  });
  log.info("consuming", { topic, groupId, clusterId });
  return {
    clusterId,
    async stop() {
      stopping = true;
      await consumer.disconnect();
    },
  };
}

async function describeClusterWithRetry(kafka: Kafka, log: Logger, maxBackoffMs: number): Promise<string> {
  const admin = kafka.admin();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.connect();
      const { clusterId } = await admin.describeCluster();
      await admin.disconnect();
      return clusterId;
    } catch (error) {
      const delay = backoffDelay(attempt, maxBackoffMs);
      log.warn("Kafka unavailable; retrying", { attempt, retryInMs: delay, error: errorMessage(error) });
      await admin.disconnect().catch(() => {});
      await sleep(delay);
    }
  }
}
