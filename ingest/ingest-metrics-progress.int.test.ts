/**
 * Per-partition progress read from a real Postgres (or the embedded one): the stored
 * checkpoint and the time the last applied batch moved it, written by the real event
 * store, read by readStoredProgress and exported by the lag refresher.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { createLogger } from "../infra/log/logger.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { readStoredProgress } from "./ingest-metrics-progress.ts";
import { startLagRefresher } from "./ingest-metrics-refresher.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";

const TOPIC = { topic: "movielog", groupId: "movielog-ingest" };
const key = (partition: number) => ({ consumer: TOPIC.groupId, clusterId: "c1", topic: TOPIC.topic, partition });
const log = createLogger("test", () => {});
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
});

afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

/** The database's clock in ms: updated_at is its now(), not this process's. */
const dbNow = async () => Number((await database.sql`select ${epochMsSql(database.sql, database.sql`clock_timestamp()`)} as ms`)[0].ms);

test("readStoredProgress() reads each partition's next offset, watermark and the time its last batch was applied", async () => {
  const store = createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 });
  const before = await dbNow();
  await store.applyBatch({ source: "kafka:movielog", checkpoint: key(0), lines: [
    { raw: "2023-02-08T03:00:00,1,GET /rate/akira+1988=4", partition: 0, position: 0 },
    { raw: "not a line", partition: 0, position: 1 },
  ] });
  const firstApplied = await dbNow();
  // Another consumer's and another cluster's checkpoints are not this topic's progress.
  await database.sql`insert into ingest_checkpoints (consumer, cluster_id, topic, partition, next_offset)
    values ('other-group', 'c1', 'movielog', 0, 99), ('movielog-ingest', 'c2', 'movielog', 0, 98)`;

  const first = await readStoredProgress(database.sql, "c1", TOPIC);
  expect([...first.keys()]).toEqual([0]);
  expect({ ...first.get(0)!, progressedAt: 0 }).toEqual({ nextOffset: 2, watermark: Date.parse("2023-02-08T03:00:00Z"), progressedAt: 0 });
  expect(first.get(0)!.progressedAt).toBeGreaterThanOrEqual(before);
  expect(first.get(0)!.progressedAt).toBeLessThanOrEqual(firstApplied);

  // A batch of only quarantined lines still moves the checkpoint, and with it the time.
  await store.applyBatch({ source: "kafka:movielog", checkpoint: key(0), lines: [{ raw: "", partition: 0, position: 2 }] });
  const second = (await readStoredProgress(database.sql, "c1", TOPIC)).get(0)!;
  expect(second.nextOffset).toBe(3);
  expect(second.progressedAt).toBeGreaterThanOrEqual(firstApplied);
});

test("startLagRefresher() exports the stored checkpoint and its progress time per partition, and lag alone for a partition without one", async () => {
  const stored = (await readStoredProgress(database.sql, "c1", TOPIC)).get(0)!;
  const metrics = createIngestMetrics();
  const refresher = startLagRefresher({
    topics: [TOPIC],
    metrics,
    fetchOffsets: () => Promise.resolve([{ partition: 0, low: 0, high: 5 }, { partition: 1, low: 0, high: 2 }]),
    readProgress: (topic) => readStoredProgress(database.sql, "c1", topic),
    intervalMs: 60_000,
    now: () => 1_700_000_000_000,
    log,
  });
  await refresher.first;
  refresher.stop();
  const samples = (await metrics.registry.metrics()).split("\n").filter((l) => /^ingest_(consumer_lag|partition_)/.test(l)).sort();
  expect(samples).toEqual([
    'ingest_consumer_lag{topic="movielog",partition="0"} 2',
    'ingest_consumer_lag{topic="movielog",partition="1"} 2',
    'ingest_partition_next_offset{topic="movielog",partition="0"} 3',
    `ingest_partition_progress_time_seconds{topic="movielog",partition="0"} ${stored.progressedAt / 1000}`,
  ]);
});
