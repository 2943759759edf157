/**
 * Per-partition status recorded in a real Postgres (or the embedded one) and read back
 * through its one reader: samples carry their "since" times forward and the stall is
 * judged by measurement/partition-stall.ts; the recorder samples a real Kafka-protocol
 * peer (librdkafka's mock cluster) against the stored checkpoints.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { createLogger } from "../infra/log/logger.ts";
import { PARTITION_STALL_WINDOW_MS } from "../measurement/partition-stall.ts";
import { readPartitionStatus } from "../read-models/read-partition-status.ts";
import { type KafkaAndDatabase, startKafkaAndDatabase } from "../tests/support/kafka-and-database.ts";
import { startPartitionStatusRecorder } from "./partition-status-recorder.ts";
import { recordPartitionSamples } from "./postgres-partition-status.ts";
import { createTopicOffsetsReader } from "./topic-offsets-reader.ts";

const TOPIC = "movielog";
const log = createLogger("test", () => {});
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
let peers: KafkaAndDatabase;

beforeAll(async () => {
  peers = await startKafkaAndDatabase(TOPIC);
}, 60_000);

afterAll(async () => {
  await peers?.stop();
});

const sampled = { consumer: "movielog-ingest", topic: "other-topic", clusterId: "c1" };
const lag = (partition: number, lag: number, nextOffset: number | null) => ({ partition, lag, nextOffset, progressedAt: nextOffset === null ? null : T0 - 1000 });

describe("recordPartitionSamples()", () => {
  test("judges a partition stalled once it had lag and an unmoved checkpoint for the window, and one that moves not", async () => {
    const { sql } = peers.database;
    await recordPartitionSamples(sql, sampled, [lag(0, 5, 10), lag(1, 5, 10), lag(2, 0, 3)], T0);
    await recordPartitionSamples(sql, sampled, [lag(0, 5, 10), lag(1, 5, 12), lag(2, 0, 3)], T0 + PARTITION_STALL_WINDOW_MS / 2);
    await recordPartitionSamples(sql, sampled, [lag(0, 6, 10), lag(1, 5, 12), lag(2, 0, 3)], T0 + PARTITION_STALL_WINDOW_MS);
    const rows = (await readPartitionStatus(sql)).filter((r) => r.topic === sampled.topic);
    expect(rows.map((r) => ({ partition: r.partition, lag: r.lag, stalled: r.stalled, lagSince: r.lagSince, checkpointSince: r.checkpointSince }))).toEqual([
      { partition: 0, lag: 6, stalled: true, lagSince: T0, checkpointSince: T0 },
      { partition: 1, lag: 5, stalled: false, lagSince: T0, checkpointSince: T0 + PARTITION_STALL_WINDOW_MS / 2 },
      { partition: 2, lag: 0, stalled: false, lagSince: null, checkpointSince: T0 },
    ]);
    expect(rows[0]).toMatchObject({ consumer: "movielog-ingest", clusterId: "c1", nextOffset: 10, progressedAt: T0 - 1000, measuredAt: T0 + PARTITION_STALL_WINDOW_MS });
  });

  test("drops partitions the topic no longer has, and starts the history over on a new cluster", async () => {
    const { sql } = peers.database;
    const at = T0 + PARTITION_STALL_WINDOW_MS + 5000;
    await recordPartitionSamples(sql, { ...sampled, clusterId: "c2" }, [lag(0, 6, 10)], at);
    const rows = (await readPartitionStatus(sql)).filter((r) => r.topic === sampled.topic);
    expect(rows.map((r) => [r.partition, r.clusterId, r.stalled, r.lagSince, r.checkpointSince])).toEqual([[0, "c2", false, at, at]]);
  });
});

describe("startPartitionStatusRecorder()", () => {
  test("samples every partition of the topic: lag from Kafka's high watermark to the stored checkpoint", async () => {
    await peers.produceToPartition(TOPIC, ["a", "b", "c", "d", "e"], 0);
    const offsets = createTopicOffsetsReader(createKafka(peers.cluster.brokers, "test-offsets", log));
    const clusterId = await offsets.clusterId();
    await peers.database.sql`
      insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset)
      values ('movielog-ingest', ${clusterId}, ${TOPIC}, 0, 2)`;
    const recorder = startPartitionStatusRecorder({
      sql: peers.database.sql,
      offsets,
      topics: [{ topic: TOPIC, groupId: "movielog-ingest" }],
      log,
      intervalMs: 60_000,
      now: () => T0,
    });
    await recorder.first;
    await recorder.stop();
    const rows = (await readPartitionStatus(peers.database.sql)).filter((r) => r.topic === TOPIC);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toMatchObject({ partition: 0, clusterId, lag: 3, nextOffset: 2, stalled: false, lagSince: T0, measuredAt: T0 });
    // Partitions with nothing produced and no checkpoint have nothing waiting.
    expect(rows.slice(1).map((r) => [r.lag, r.nextOffset])).toEqual(rows.slice(1).map(() => [0, null]));
  }, 30_000);
});
