/**
 * GET /metrics of ingestion against a real Kafka-protocol peer (librdkafka's mock
 * cluster) and a real Postgres (or the embedded one): counts by kind and reason
 * (every reason from zero), lag falling to zero once everything produced is applied,
 * and each partition's stored checkpoint and the time a batch last moved it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { createLogger } from "../infra/log/logger.ts";
import { produceLines } from "../tests/support/produce-lines.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { createIngestMetrics, instrumentEventStore } from "./ingest-metrics.ts";
import { type IngestMetricsServer, startIngestMetricsServer } from "./ingest-metrics-server.ts";
import { type KafkaIngestor, startKafkaIngestor } from "./kafka-ingestor.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";

const TOPIC = "movielog";
const GROUP = "metrics-ingest";
const log = createLogger("test", () => {});
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let ingestor: KafkaIngestor;
let server: IngestMetricsServer;

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: TOPIC }), createTestDatabase()]);
  database = connectDatabase(testDb.url);
  const metrics = createIngestMetrics();
  ingestor = await startKafkaIngestor({
    kafka: createKafka(cluster.brokers, "test-ingest", log),
    store: instrumentEventStore(createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }), metrics, TOPIC),
    topic: TOPIC,
    groupId: GROUP,
    log,
    maxBackoffMs: 500,
  });
  server = startIngestMetricsServer({
    port: 0,
    metrics,
    kafka: createKafka(cluster.brokers, "test-ingest-metrics", log),
    sql: database.sql,
    topics: [{ topic: TOPIC, groupId: GROUP }],
    log,
    intervalMs: 200,
  });
});

afterAll(async () => {
  await server?.stop();
  await ingestor?.stop();
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
});

const scrape = async () => {
  const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
  expect(response.headers.get("content-type")).toStartWith("text/plain");
  return await response.text();
};
const sample = (text: string, series: string) => text.split("\n").find((l) => l.startsWith(`${series} `))?.split(" ")[1];
/** The value of every sample of `name`, by its partition label. */
const byPartition = (text: string, name: string) =>
  new Map(text.split("\n").filter((l) => l.startsWith(`${name}{`)).map((l) => [Number(/partition="(\d+)"/.exec(l)![1]), Number(l.split(" ")[1])]));

test("GET /metrics reports counts by kind and reason, then zero lag and the stored progress once the stream is applied", async () => {
  const produced = Date.now();
  await produceLines(createKafka(cluster.brokers, "test-producer", log), TOPIC, [
    { userId: 1, line: "2023-02-08T03:00:00,1,GET /data/m/akira+1988/0.mpg" },
    { userId: 2, line: "2023-02-08T03:01:00,2,GET /rate/akira+1988=4" },
    { userId: 2, line: "2023-02-08T03:01:00,2,GET /rate/akira+1988=4" },
    { userId: null, line: "not a line at all" },
  ]);
  const text = await waitFor("4 lines applied and lag refreshed to 0", async () => {
    const text = await scrape();
    const lags = text.split("\n").filter((l) => l.startsWith("ingest_consumer_lag{"));
    const offsets = [...byPartition(text, "ingest_partition_next_offset").values()];
    return sample(text, 'ingest_lines_total{topic="movielog"}') === "4" && lags.length > 0 && lags.every((l) => l.endsWith(" 0")) &&
      offsets.reduce((a, n) => a + n, 0) === 4 && text;
  }, 45_000);
  expect([
    sample(text, 'ingest_accepted_total{topic="movielog",kind="watch"}'),
    sample(text, 'ingest_accepted_total{topic="movielog",kind="rate"}'),
    sample(text, 'ingest_rejected_total{topic="movielog",reason="bad_timestamp"}'),
    sample(text, 'ingest_rejected_total{topic="movielog",reason="store_refused"}'),
    sample(text, 'ingest_duplicates_total{topic="movielog"}'),
    sample(text, 'ingest_last_event_time_seconds{topic="movielog"}'),
  ]).toEqual(["1", "1", "1", "0", "1", String(Date.parse("2023-02-08T03:01:00Z") / 1000)]);
  // Every partition that applied a batch has its checkpoint and the time it moved, after the lines were produced.
  const progress = byPartition(text, "ingest_partition_progress_time_seconds");
  expect([...progress.keys()].sort()).toEqual([...byPartition(text, "ingest_partition_next_offset").keys()].sort());
  for (const seconds of progress.values()) {
    expect(seconds * 1000).toBeGreaterThanOrEqual(produced - 1000);
    expect(seconds * 1000).toBeLessThanOrEqual(Date.now() + 1000);
  }
  expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
});
