/**
 * Ingestion against a real Kafka-protocol peer (librdkafka's mock cluster) and a
 * real Postgres (or the embedded one): exact table contents and quarantine reasons
 * for a mixed stream, and no change when a range is replayed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { startMockKafkaCluster, type MockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { createLogger } from "../infra/log/logger.ts";
import { produceLines } from "../tests/support/produce-lines.ts";
import { expectedStoreSnapshot, readStoreSnapshot } from "../tests/support/store-snapshot.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import type { FixtureLine } from "../tests/support/movielog-fixture.ts";
import { generateMovielog } from "../tests/support/movielog-fixture.ts";
import { type KafkaIngestor, startKafkaIngestor } from "./kafka-ingestor.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";

const TOPIC = "movielog";
const log = createLogger("test", () => {});
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let ingestor: KafkaIngestor;

const at = (minute: number, second = 0) => `2023-02-08T03:${String(minute).padStart(2, "0")}:${String(second).padStart(2, "0")}`;
const line = (userId: number | null, text: string): FixtureLine => ({ userId, line: text });

const literalStream: FixtureLine[] = [
  line(1, `${at(0)},1,GET /data/m/akira+1988/0.mpg`),
  line(1, `${at(1)},1,GET /data/m/akira+1988/1.mpg`),
  line(1, `${at(1)},1,GET /data/m/akira+1988/1.mpg`), // the same line twice
  line(1, `${at(2)},1,GET /data/m/akira+1988/2.mpg`),
  line(2, `${at(0)},2,GET /rate/m*a*s*h+1970=4`),
  line(2, `${at(5)},2,GET /rate/m*a*s*h+1970=2`), // a later rating replaces the first
  line(2, `${at(5)},2,GET /rate/m*a*s*h+1970=2`), // duplicate
  line(3, `${at(3)},3,recommendation request recommender:8082, status 200, result: akira+1988,m*a*s*h+1970, 12 ms`),
  line(3, `${at(4)},3,recommendation request recommender:8082, status 0, result: java.util.concurrent.TimeoutException: Request timeout after 800 ms, 800 ms`),
  line(4, `${at(6)},4,GET /rate/akira+1988=9`),
  line(4, `${at(6)},4,GET /data/m/akira+19`),
  line(null, `${at(6)},x,GET /rate/akira+1988=3`),
  line(null, `not a line at all`),
  line(null, ``),
];

async function waitUntilApplied(total: number) {
  await waitFor(`${total} messages applied`, async () => {
    const [row] = await database.sql`select coalesce(sum(next_offset), 0)::int as n from ingest_checkpoints`;
    return row.n >= total;
  }, 45_000);
}

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: TOPIC }), createTestDatabase()]);
  database = connectDatabase(testDb.url);
  ingestor = await startKafkaIngestor({
    kafka: createKafka(cluster.brokers, "test-ingest", log),
    store: createPostgresEventStore(database.sql, { lateToleranceMs: 60_000 }),
    topic: TOPIC,
    groupId: "test-ingest",
    log,
    maxBackoffMs: 500,
  });
});

afterAll(async () => {
  await ingestor?.stop();
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
});

describe("Kafka ingestion into the event store", () => {
  test("startKafkaIngestor() stores a mixed stream exactly and quarantines bad lines with reasons", async () => {
    const producer = createKafka(cluster.brokers, "test-producer", log);
    await produceLines(producer, TOPIC, literalStream);
    await waitUntilApplied(literalStream.length);

    const sessions = await database.sql`
      select user_id, movie_id, minutes, minute_count, max_minute,
        to_char(first_time at time zone 'UTC', 'HH24:MI:SS') as first, to_char(last_time at time zone 'UTC', 'HH24:MI:SS') as last
      from watch_sessions`;
    expect(sessions.map((r) => ({ ...r }))).toEqual([
      { user_id: 1, movie_id: "akira+1988", minutes: [0, 1, 2], minute_count: 3, max_minute: 2, first: "03:00:00", last: "03:02:00" },
    ]);
    const latest = await database.sql`select user_id, movie_id, rating from ratings`;
    expect(latest.map((r) => ({ ...r }))).toEqual([{ user_id: 2, movie_id: "m*a*s*h+1970", rating: 2 }]);
    const [history] = await database.sql`select count(*)::int as n from rating_history`;
    expect(history.n).toBe(2);
    const recs = await database.sql`select user_id, status, items, error, latency_ms from recommendation_events order by time`;
    expect(recs.map((r) => ({ ...r }))).toEqual([
      { user_id: 3, status: 200, items: ["akira+1988", "m*a*s*h+1970"], error: null, latency_ms: 12 },
      { user_id: 3, status: 0, items: [], error: "java.util.concurrent.TimeoutException: Request timeout after 800 ms", latency_ms: 800 },
    ]);
    const quarantined = await database.sql`select convert_from(raw, 'UTF8') as raw, reason from quarantine order by reason`;
    expect(quarantined.map((r) => [r.reason, r.raw])).toEqual([
      ["bad_timestamp", "not a line at all"],
      ["bad_user_id", `${at(6)},x,GET /rate/akira+1988=3`],
      ["empty_line", ""],
      ["rating_out_of_range", `${at(6)},4,GET /rate/akira+1988=9`],
      ["truncated", `${at(6)},4,GET /data/m/akira+19`],
    ]);
    const snapshot = await readStoreSnapshot(database.sql);
    expect(snapshot.totals).toEqual({
      lines: 14,
      accepted: { watch: 3, rate: 2, recommendation: 2 },
      rejected: { bad_timestamp: 1, bad_user_id: 1, empty_line: 1, rating_out_of_range: 1, truncated: 1 },
      duplicates: 2,
    });
  });

  test("startKafkaIngestor() leaves the store unchanged when a range is produced again, counting duplicates", async () => {
    const before = await readStoreSnapshot(database.sql);
    const producer = createKafka(cluster.brokers, "test-producer", log);
    const replay = literalStream.slice(0, 9); // the valid lines, sent a second time
    await produceLines(producer, TOPIC, replay);
    await waitUntilApplied(literalStream.length + replay.length);
    const after = await readStoreSnapshot(database.sql);
    expect({ ...after, totals: undefined }).toEqual({ ...before, totals: undefined });
    expect(after.totals.duplicates - before.totals.duplicates).toBe(9);
    expect(after.totals.lines - before.totals.lines).toBe(9);
  });

  test("startKafkaIngestor() matches the exactly-once expectation on a generated stream", async () => {
    const before = await readStoreSnapshot(database.sql);
    // Distinct users from the literal lines, so the expectation can be computed on its own.
    const stream = generateMovielog({ seed: 7, lines: 5000, users: 300, malformedShare: 0.03, duplicateShare: 0.05 })
      .map((l) => ({ ...l, line: l.line.replace(/^([^,]*),(\d+),/, (_, t, u) => `${t},${Number(u) + 1000},`), userId: l.userId === null ? null : l.userId + 1000 }));
    await produceLines(createKafka(cluster.brokers, "test-producer", log), TOPIC, stream);
    await waitUntilApplied(literalStream.length + 9 + stream.length);
    const after = await readStoreSnapshot(database.sql);
    const expected = await expectedStoreSnapshot(stream);
    expect(after.sessions.filter((s) => Number(s.split(" ")[0]) > 1000)).toEqual(expected.sessions);
    expect(after.totals.duplicates - before.totals.duplicates).toBe(expected.totals.duplicates);
    expect(after.totals.accepted.watch - before.totals.accepted.watch).toBe(expected.totals.accepted.watch);
  });
});
