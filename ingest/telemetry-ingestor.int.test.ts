/**
 * Telemetry ingestion against a real Kafka-protocol peer (librdkafka's mock cluster,
 * started without the telemetry topic so the ingestor must make it exist) and a real
 * Postgres (or the embedded one): exact rows and quarantine for a mixed stream, no
 * change when messages are produced again, resumption from the stored checkpoint after
 * a restart even when Kafka's committed offsets are lost, and exactly-once application
 * of a redelivered range.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Kafka, Partitioners } from "kafkajs";
import { connectDatabase, type Database } from "../infra/db/connect-database.ts";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { createLogger } from "../infra/log/logger.ts";
import { signedTelemetryEvent, TEST_TELEMETRY_SIGNING_KEY } from "../router/testing/sample-telemetry-event.ts";
import type { TelemetryEvent } from "../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../shared/time/event-time-bounds.ts";
import { produceLines } from "../tests/support/produce-lines.ts";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { createPostgresTelemetryStore } from "./postgres-telemetry-store.ts";
import { startTelemetryIngestor, type TelemetryIngestor } from "./telemetry-ingestor.ts";

const TOPIC = "telemetry";
const GROUP = "test-telemetry-ingest";
const T0 = Date.UTC(2023, 1, 8, 3, 0, 0, 123);
const log = createLogger("test", () => {});
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let kafka: Kafka;
let ingestor: TelemetryIngestor | null = null;
let applied = 0; // messages produced so far, all of which the checkpoints must cover
let seen = 0; // messages the running ingestor must have read (applied or skipped) since it started

/** Signed with the test key, as the router writes it. */
const event = (overrides: Partial<TelemetryEvent>) => signedTelemetryEvent(overrides);
const storeOptions = { signingKey: TEST_TELEMETRY_SIGNING_KEY, timeBounds: DEFAULT_EVENT_TIME_BOUNDS, now: Date.now };
const valid: TelemetryEvent[] = [
  event({
    requestId: "req-1", clientRequestId: "caller-1", time: T0, userId: 1, assignments: [{ experiment: "ranker", variant: "v2" }], items: ["heat+1995", "akira+1988"],
    interleaving: { a: "stable", b: "canary", interleaved: true, teams: ["B", "A"] },
  }),
  event({
    requestId: "req-2", time: T0 + 1000, userId: 2, latencyMs: 801.5, pool: "canary", modelVersion: "fallback", rulesVersion: 7,
    fallback: true, fallbackReason: "no_worker_answer", items: ["popular+2001"],
  }),
  event({
    requestId: "req-3", time: T0 + 2000, userId: null, status: 400, pool: null, modelVersion: null, rulesVersion: null,
    items: [], assignments: [],
  }),
];
const validLines = valid.map((e) => ({ userId: e.userId, line: JSON.stringify(e) }));

/** One message per send, so each one's partition and offset are known. */
async function sendEach(values: string[]): Promise<{ partition: number; position: number; value: string }[]> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const sent = [];
    for (const value of values) {
      const [meta] = await producer.send({ topic: TOPIC, messages: [{ key: "bad", value }] });
      sent.push({ partition: meta.partition, position: Number(meta.baseOffset), value });
    }
    return sent;
  } finally {
    await producer.disconnect();
  }
}

async function produced(n: number) {
  applied += n;
  seen += n;
  await waitFor(`${applied} telemetry messages applied`, async () => {
    const [row] = await database.sql`
      select coalesce(sum(next_offset), 0)::int as n from ingest_checkpoints where consumer = ${GROUP} and topic = ${TOPIC}`;
    // The totals move just after the transaction commits: wait for both.
    const totals = ingestor!.totals();
    return row.n >= applied && totals.messages + totals.skipped >= seen;
  }, 45_000);
}

/**
 * Commits offset 0 for every partition of the group, as if Kafka had lost its offsets.
 * Through a member of the group: the mock cluster has no DescribeGroups, which
 * admin.resetOffsets needs.
 */
async function rewindGroupOffsets(): Promise<void> {
  const consumer = kafka.consumer({ groupId: GROUP, sessionTimeout: 6000, heartbeatInterval: 2000 });
  const joined = new Promise<number[]>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => resolve(payload.memberAssignment[TOPIC] ?? []))
  );
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: async () => {} });
  const partitions = await joined;
  await consumer.commitOffsets(partitions.map((partition) => ({ topic: TOPIC, partition, offset: "0" })));
  await consumer.disconnect();
}

function start(): Promise<TelemetryIngestor> {
  return startTelemetryIngestor({
    kafka: createKafka(cluster.brokers, "test-telemetry-ingest", log),
    store: createPostgresTelemetryStore(database.sql, storeOptions),
    topic: TOPIC,
    groupId: GROUP,
    log,
    maxBackoffMs: 500,
    // The mock cluster's coordinator waits up to a session timeout for a member that
    // left before it completes the next rebalance: keep restarts short.
    sessionTimeoutMs: 6000,
  });
}

async function tableRows() {
  const rows = await database.sql`
    select request_id, client_request_id, ${epochMsSql(database.sql, "time")} as time, user_id, status, latency_ms, pool, model_version,
      rules_version, assignments, items, fallback, fallback_reason, interleaving
    from telemetry_events order by request_id`;
  return rows.map((r) => ({ ...r }));
}

async function quarantineRows() {
  const rows = await database.sql`
    select source, partition, position::int as position, convert_from(raw, 'UTF8') as raw, reason, detail
    from quarantine order by partition, position`;
  return rows.map((r) => ({ ...r }));
}

const expectedRow = (e: TelemetryEvent) => ({
  request_id: e.requestId, client_request_id: e.clientRequestId, time: e.time, user_id: e.userId, status: e.status, latency_ms: e.latencyMs, pool: e.pool,
  model_version: e.modelVersion, rules_version: e.rulesVersion, assignments: e.assignments, items: e.items,
  fallback: e.fallback, fallback_reason: e.fallbackReason, interleaving: e.interleaving,
});

beforeAll(async () => {
  // The mock cluster starts with the movielog topic only: the telemetry one does not exist yet.
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: "movielog" }), createTestDatabase()]);
  database = connectDatabase(testDb.url);
  kafka = createKafka(cluster.brokers, "test-producer", log);
  ingestor = await start();
});

afterAll(async () => {
  await ingestor?.stop();
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
});

describe("telemetry ingestion into telemetry_events", () => {
  test("startTelemetryIngestor() creates the missing topic, stores valid events exactly and quarantines bad messages with reasons", async () => {
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain(TOPIC);
    await admin.disconnect();

    // req-1 twice: the second copy is a duplicate, whether in the same batch or a later one.
    await produceLines(kafka, TOPIC, [...validLines, validLines[0]]);
    const bad = await sendEach([
      "not json",
      "",
      JSON.stringify({ ...valid[0], requestId: "req-v4", formatVersion: 4 }),
      JSON.stringify({ ...valid[0], requestId: "req-bad", status: "ok" }),
    ]);
    await produced(valid.length + 1 + bad.length);

    expect(await tableRows()).toEqual(valid.map(expectedRow));
    const quarantined = await quarantineRows();
    const byPosition = (a: { partition: number; position: number }, b: { partition: number; position: number }) =>
      a.partition - b.partition || a.position - b.position;
    expect(quarantined.map((q) => ({ ...q, detail: undefined }))).toEqual([
      { source: "telemetry", ...bad[0], raw: bad[0].value, reason: "not_json" },
      { source: "telemetry", ...bad[1], raw: "", reason: "not_json" },
      { source: "telemetry", ...bad[2], raw: bad[2].value, reason: "bad_format_version" },
      { source: "telemetry", ...bad[3], raw: bad[3].value, reason: "invalid_event" },
    ].sort(byPosition).map(({ value: _, ...q }) => ({ ...q, detail: undefined })));
    const details = Object.fromEntries(quarantined.map((q) => [q.raw, q.detail]));
    expect(details["not json"]).toMatch(/^not JSON: /);
    expect(details[bad[2].value]).toBe("invalid telemetry event: formatVersion: 4 is not 1, 2 or 3");
    expect(details[bad[3].value]).toBe("invalid telemetry event: status: Invalid input: expected number, received string");

    expect(ingestor!.totals()).toEqual({
      messages: 8,
      accepted: 3,
      quarantined: { bad_format_version: 1, invalid_event: 1, not_json: 2 },
      duplicates: 1,
      skipped: 0,
    });
    const [movielog] = await database.sql`select count(*)::int as n from ingest_checkpoints where consumer <> ${GROUP}`;
    expect(movielog.n).toBe(0);
  });

  test("startTelemetryIngestor() leaves the table unchanged when the same events are produced again, counting duplicates", async () => {
    const rowsBefore = await tableRows();
    const quarantineBefore = await quarantineRows();
    const totalsBefore = ingestor!.totals();
    await produceLines(kafka, TOPIC, validLines);
    await produced(validLines.length);
    expect(await tableRows()).toEqual(rowsBefore);
    expect(await quarantineRows()).toEqual(quarantineBefore);
    expect(ingestor!.totals()).toEqual({ ...totalsBefore, messages: totalsBefore.messages + 3, duplicates: totalsBefore.duplicates + 3 });
  });

  test("startTelemetryIngestor() resumes from the stored checkpoint after a restart, even with Kafka's offsets reset", async () => {
    await ingestor!.stop();
    ingestor = null;
    // Without its committed offsets, Kafka would deliver the topic from the start again:
    // only the checkpoints in Postgres can keep the restarted consumer from re-reading.
    await rewindGroupOffsets();
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    await admin.disconnect();
    expect(committed.partitions.every((p) => p.offset === "0")).toBe(true);
    const later = [
      event({ requestId: "req-4", time: T0 + 3000, userId: 1, items: ["up+2009"] }),
      event({ requestId: "req-5", time: T0 + 4000, userId: 5, pool: "canary" }),
    ];
    await produceLines(kafka, TOPIC, later.map((e) => ({ userId: e.userId, line: JSON.stringify(e) })));

    ingestor = await start();
    seen = 0;
    await produced(later.length);
    expect(await tableRows()).toEqual([...valid, ...later].map(expectedRow));
    const totals = ingestor.totals();
    expect({ messages: totals.messages, accepted: totals.accepted, duplicates: totals.duplicates, quarantined: totals.quarantined })
      .toEqual({ messages: 2, accepted: 2, duplicates: 0, quarantined: {} });
    const [q] = await database.sql`select count(*)::int as n from quarantine`;
    expect(q.n).toBe(4);
  }, 45_000); // rejoining the group after the rewind waits out the old session

  test("createPostgresTelemetryStore() applies a redelivered range once and moves the checkpoint in the same transaction", async () => {
    const store = createPostgresTelemetryStore(database.sql, storeOptions);
    const checkpoint = { consumer: "direct", clusterId: "c", topic: "t", partition: 0 };
    const lines = [
      event({ requestId: "direct-0", time: T0 }),
      event({ requestId: "direct-1", time: T0 + 5 }),
      event({ requestId: "direct-2", time: T0 + 9 }),
    ].map((e, position) => ({ raw: JSON.stringify(e), partition: 0, position }));
    expect(await store.applyBatch({ checkpoint, lines: lines.slice(0, 2) }))
      .toEqual({ messages: 2, accepted: 2, quarantined: {}, duplicates: 0, skipped: 0 });
    expect(await store.applyBatch({ checkpoint, lines }))
      .toEqual({ messages: 1, accepted: 1, quarantined: {}, duplicates: 0, skipped: 2 });
    expect(await store.checkpoints({ consumer: "direct", clusterId: "c", topic: "t" })).toEqual(new Map([[0, 3]]));
    const [row] = await database.sql`
      select ${epochMsSql(database.sql, "watermark")} as watermark from ingest_checkpoints where consumer = 'direct'`;
    expect(Number(row.watermark)).toBe(T0 + 9);
    const [stored] = await database.sql`select count(*)::int as n from telemetry_events where request_id like 'direct-%'`;
    expect(stored.n).toBe(3);
  });
});
