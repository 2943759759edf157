/**
 * A hostile telemetry topic against the real Kafka peer (librdkafka's mock cluster)
 * and a real database (Postgres, and the embedded one in the suite's second pass).
 * Every hostile message is followed on the same partition by a valid signed sentinel.
 * The sentinels must be stored within seconds, each hostile message quarantined once
 * with its reason, the checkpoint must reach the end with the watermark where the
 * sentinels put it, and the table must equal the exactly-once expectation. An event
 * within every bound that the database itself refuses (a CHECK constraint added here)
 * is quarantined with the database's words while the rest of its batch applies.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { createLogger } from "../infra/log/logger.ts";
import {
  sampleTelemetryEvent,
  signedTelemetryEvent,
  TEST_TELEMETRY_SIGNING_KEY,
} from "../router/testing/sample-telemetry-event.ts";
import { createTelemetrySigner, type TelemetryEvent } from "../shared/telemetry/index.ts";
import { DEFAULT_EVENT_TIME_BOUNDS } from "../shared/time/event-time-bounds.ts";
import { type KafkaAndDatabase, startKafkaAndDatabase } from "../tests/support/kafka-and-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { createPostgresTelemetryStore } from "./postgres-telemetry-store.ts";
import { startTelemetryIngestor, type TelemetryIngestor } from "./telemetry-ingestor.ts";

const TOPIC = "telemetry";
const GROUP = "hostile-telemetry";
const HOUR = 3_600_000;
const log = createLogger("test", () => {});
const now = Date.now();
/** Valid events are an hour old, so no bound but the hostile ones' comes near. */
const base = now - HOUR;
const storeOptions = { signingKey: TEST_TELEMETRY_SIGNING_KEY, timeBounds: DEFAULT_EVENT_TIME_BOUNDS, now: Date.now };

type Hostile = { readonly name: string; readonly value: string | Uint8Array; readonly expect: string };

/** A signed event of the hostile class `name`, as a router (or whoever holds its key) would write it. */
const signed = (name: string, overrides: Partial<TelemetryEvent>) =>
  JSON.stringify(signedTelemetryEvent({ requestId: `hostile-${name}`, time: base, ...overrides }));
/** A signed event with `field` written as a JSON literal no JSON.stringify produces (1e999 is Infinity). */
const literal = (name: string, field: string, text: string) =>
  signed(name, { [field]: 0 }).replace(`"${field}":0`, `"${field}":${text}`);
const items = (n: number) => Array.from({ length: n }, (_, i) => `movie+${i}`);

/** One message of every hostile telemetry class. */
function hostileMessages(): Hostile[] {
  const forged = createTelemetrySigner("not-the-router's-key-0123456789");
  const { clientRequestId: _, signature: __, interleaving: ___, ...v1 } = sampleTelemetryEvent({ requestId: "hostile-v1", time: base, pool: "canary", status: 500 });
  const interleaving = (teams: unknown[], interleaved = true) => ({ a: "stable", b: "canary", interleaved, teams });
  return [
    { name: "latency 1e39 (no float4 holds it)", expect: "number_out_of_range", value: signed("latency", { latencyMs: 1e39 }) },
    { name: "latency 1e999 (Infinity)", expect: "number_out_of_range", value: literal("latency-inf", "latencyMs", "1e999") },
    { name: "latency past an hour", expect: "number_out_of_range", value: signed("latency-hour", { latencyMs: HOUR + 1 }) },
    { name: "status beyond int2", expect: "number_out_of_range", value: signed("status", { status: 70_000 }) },
    { name: "user id beyond int4", expect: "number_out_of_range", value: signed("user", { userId: 2 ** 31 }) },
    { name: "rules version beyond int4", expect: "number_out_of_range", value: signed("rules", { rulesVersion: 2 ** 31 }) },
    { name: "fractional user id", expect: "number_out_of_range", value: signed("user-fraction", { userId: 4.5 }) },
    { name: "time Postgres cannot hold", expect: "future_time", value: signed("time-huge", { time: 9.3e15 }) },
    { name: "time 1e20", expect: "future_time", value: signed("time-1e20", { time: 1e20 }) },
    { name: "year 9999", expect: "future_time", value: signed("year-9999", { time: Date.UTC(9999, 11, 31) }) },
    { name: "two days ahead", expect: "future_time", value: signed("ahead", { time: now + 48 * HOUR }) },
    { name: "before 1970", expect: "past_time", value: signed("before-1970", { time: -1e17 }) },
    { name: "year 1970", expect: "past_time", value: signed("year-1970", { time: 0 }) },
    { name: "just before 2000", expect: "past_time", value: signed("before-2000", { time: Date.UTC(2000, 0, 1) - 1 }) },
    { name: "NUL in the pool", expect: "control_character", value: signed("nul-pool", { pool: "sta\u0000ble" }) },
    { name: "NUL in an item", expect: "control_character", value: signed("nul-item", { items: ["heat\u00001995"] }) },
    { name: "NUL in a variant", expect: "control_character", value: signed("nul-variant", { assignments: [{ experiment: "e", variant: "v\u0000" }] }) },
    { name: "escape in the caller's id", expect: "control_character", value: signed("esc", { clientRequestId: "\u001b[31mred" }) },
    { name: "unpaired surrogate in the model", expect: "unpaired_surrogate", value: signed("surrogate", { modelVersion: "als-\ud800" }) },
    { name: "model name over its cap", expect: "text_too_long", value: signed("long", { modelVersion: "m".repeat(129) }) },
    { name: "21 items", expect: "too_many_items", value: signed("items-21", { items: items(21) }) },
    { name: "duplicate items", expect: "duplicate_items", value: signed("items-dup", { items: ["a+1", "b+2", "a+1"] }) },
    { name: "65 assignments", expect: "too_many_assignments", value: signed("assign", { assignments: items(65).map((e) => ({ experiment: e, variant: "v" })) }) },
    { name: "not JSON", expect: "not_json", value: "not json" },
    { name: "empty", expect: "not_json", value: "" },
    { name: "invalid UTF-8", expect: "not_json", value: new Uint8Array([0xff, 0xfe, 0x7b]) },
    { name: "format 4", expect: "bad_format_version", value: signed("v4", { formatVersion: 4 as 3 }) },
    { name: "21 teams", expect: "too_many_items", value: signed("teams-21", { items: items(21), interleaving: interleaving(items(21).map(() => "A")) as never }) },
    { name: "a team per item but one", expect: "invalid_event", value: signed("teams-short", { items: items(3), interleaving: interleaving(["A", "B"]) as never }) },
    { name: "a team that is no team", expect: "invalid_event", value: signed("teams-c", { items: items(2), interleaving: interleaving(["A", "C"]) as never }) },
    { name: "two teams in an answer not interleaved", expect: "invalid_event", value: signed("teams-mixed", { items: items(2), interleaving: interleaving(["A", "B"], false) as never }) },
    { name: "NUL in an interleaved pool", expect: "control_character", value: signed("nul-interleaved", { items: items(1), interleaving: { ...interleaving(["A"]), b: "can\u0000ary" } as never }) },
    { name: "interleaving stripped from a signed event", expect: "bad_signature", value: JSON.stringify({ ...signedTelemetryEvent({ requestId: "hostile-stripped", time: base, interleaving: interleaving(["A"]) as never }), interleaving: null }) },
    { name: "forged {pool: canary, status: 500}", expect: "invalid_event", value: JSON.stringify({ pool: "canary", status: 500 }) },
    { name: "forged unsigned canary 500", expect: "unsigned", value: JSON.stringify(sampleTelemetryEvent({ requestId: "hostile-unsigned", time: base, pool: "canary", status: 500 })) },
    { name: "format 1 (unsigned)", expect: "unsigned", value: JSON.stringify({ ...v1, formatVersion: 1 }) },
    { name: "signed with another key", expect: "bad_signature", value: JSON.stringify(forged(sampleTelemetryEvent({ requestId: "hostile-forged", time: base, pool: "canary", status: 500 }))) },
    { name: "signed, then altered", expect: "bad_signature", value: JSON.stringify({ ...signedTelemetryEvent({ requestId: "hostile-altered", time: base }), status: 500 }) },
    { name: "signature not hex", expect: "bad_signature", value: JSON.stringify({ ...sampleTelemetryEvent({ requestId: "hostile-sig", time: base }), signature: "z".repeat(64) }) },
  ];
}

/** The valid signed event following hostile message `i`. */
const sentinel = (i: number) =>
  signedTelemetryEvent({ requestId: `sentinel-${i}`, clientRequestId: `caller-${i}`, time: base + 10_000 + i * 1000, userId: 9000 + i });

let peers: KafkaAndDatabase;
let ingestor: TelemetryIngestor;
const produceToPartition = (values: readonly (string | Uint8Array)[]) => peers.produceToPartition(TOPIC, values);

async function checkpoint(): Promise<{ next: number; watermark: number }> {
  const [row] = await peers.database.sql`
    select next_offset::int as next, ${epochMsSql(peers.database.sql, "watermark")} as watermark
    from ingest_checkpoints where consumer = ${GROUP} and partition = 0`;
  return { next: row?.next ?? 0, watermark: Number(row?.watermark) };
}

const storedRow = (e: TelemetryEvent) => ({
  request_id: e.requestId, client_request_id: e.clientRequestId, time: e.time, user_id: e.userId, status: e.status,
  latency_ms: e.latencyMs, pool: e.pool, items: e.items,
});

async function storedRows(like: string) {
  const rows = await peers.database.sql`
    select request_id, client_request_id, ${epochMsSql(peers.database.sql, "time")} as time, user_id, status, latency_ms, pool, items
    from telemetry_events where request_id like ${like} order by time, request_id`;
  return rows.map((r) => ({ ...r, request_id: r.request_id as string, time: Number(r.time) }));
}

beforeAll(async () => {
  peers = await startKafkaAndDatabase(TOPIC);
  // A refusal no bound of ours foresees: the database turns down one pool name.
  await peers.database.sql`alter table telemetry_events add constraint refuse_poison check (pool is distinct from 'poison')`;
  ingestor = await startTelemetryIngestor({
    kafka: createKafka(peers.cluster.brokers, "hostile-telemetry-ingest", log),
    store: createPostgresTelemetryStore(peers.database.sql, storeOptions),
    topic: TOPIC,
    groupId: GROUP,
    log,
    maxBackoffMs: 200,
  });
});

afterAll(async () => {
  await ingestor?.stop();
  await peers?.stop();
});

describe("a hostile telemetry topic", () => {
  test("every sentinel is stored, every hostile message quarantined once with its reason, and the checkpoint reaches the end", async () => {
    const hostile = hostileMessages();
    const sentinels = hostile.map((_, i) => sentinel(i));
    const values = hostile.flatMap((h, i) => [h.value, JSON.stringify(sentinels[i])]);
    const producedAt = Date.now();
    await produceToPartition(values);

    await waitFor("every sentinel stored", async () => (await storedRows("sentinel-%")).length === sentinels.length, 15_000);
    const storedWithin = Date.now() - producedAt;
    await waitFor("the checkpoint at the end of the partition", async () => (await checkpoint()).next === values.length, 5000);

    const quarantined = await peers.database.sql`
      select position::int as position, reason, detail from quarantine where source = 'telemetry' order by position`;
    expect(quarantined.map((r) => [r.position, r.reason])).toEqual(hostile.map((h, i) => [i * 2, h.expect]));
    for (const row of quarantined) expect(row.detail.includes("\u0000")).toBe(false);
    const invalidUtf8 = hostile.findIndex((h) => h.name === "invalid UTF-8");
    const [raw] = await peers.database.sql`select raw from quarantine where source = 'telemetry' and position = ${2 * invalidUtf8}`;
    expect(new Uint8Array(raw.raw)).toEqual(new Uint8Array([0xff, 0xfe, 0x7b])); // kept as sent

    // Exactly once: the sentinels and nothing else, as sent; no hostile message moved the watermark.
    expect(await storedRows("%")).toEqual(sentinels.map(storedRow));
    expect(await checkpoint()).toEqual({ next: values.length, watermark: sentinels[sentinels.length - 1].time });
    const reasons: Record<string, number> = {};
    for (const h of hostile) reasons[h.expect] = (reasons[h.expect] ?? 0) + 1;
    expect(ingestor.totals()).toEqual({
      messages: values.length,
      accepted: sentinels.length,
      quarantined: Object.fromEntries(Object.entries(reasons).sort(([a], [b]) => a.localeCompare(b))),
      duplicates: 0,
      skipped: 0,
    });
    console.log(`  ${sentinels.length} sentinels behind ${hostile.length} hostile messages stored within ${storedWithin} ms`);
  });

  test("an event the database refuses is quarantined with its words while the rest of its batch applies", async () => {
    const before = await checkpoint();
    const events = [
      signedTelemetryEvent({ requestId: "good-1", time: base + 100_000 }),
      // The latest time of the batch: refused, it must not become the watermark.
      signedTelemetryEvent({ requestId: "poison-1", time: base + 200_000, pool: "poison" }),
      signedTelemetryEvent({ requestId: "good-2", time: base + 100_001 }),
      signedTelemetryEvent({ requestId: "good-3", time: base + 100_002 }),
    ];
    await produceToPartition(events.map((e) => JSON.stringify(e)));
    await waitFor("the batch applied", async () => (await checkpoint()).next === before.next + events.length, 15_000);

    expect((await storedRows("good-%")).map((r) => r.request_id)).toEqual(["good-1", "good-2", "good-3"]);
    expect(await storedRows("poison-%")).toEqual([]);
    const [refused] = await peers.database.sql`
      select position::int as position, detail, convert_from(raw, 'UTF8') as raw from quarantine where reason = 'store_refused'`;
    expect(refused.position).toBe(before.next + 1);
    expect(refused.raw).toBe(JSON.stringify(events[1]));
    expect(refused.detail).toStartWith("SQLSTATE 23514: ");
    expect(refused.detail).toContain("refuse_poison");
    expect((await checkpoint()).watermark).toBe(base + 100_002);
  });

  test("createPostgresTelemetryStore() sets refused rows apart from a large batch and counts the rest once", async () => {
    const store = createPostgresTelemetryStore(peers.database.sql, storeOptions);
    // Partition 5: the quarantine keeps one row per source, partition and position, and 0 is taken above.
    const key = { consumer: "direct-refusal", clusterId: "c", topic: TOPIC, partition: 5 };
    const events = Array.from({ length: 50 }, (_, i) =>
      signedTelemetryEvent({ requestId: `batch-${i}`, time: base + i, pool: i === 7 || i === 31 ? "poison" : "stable" })
    );
    const lines = events.map((e, position) => ({ raw: JSON.stringify(e), partition: 5, position }));
    expect(await store.applyBatch({ checkpoint: key, lines })).toEqual({
      messages: 50, accepted: 48, quarantined: { store_refused: 2 }, duplicates: 0, skipped: 0,
    });
    // Delivered again: nothing applies twice, nothing is quarantined twice.
    expect(await store.applyBatch({ checkpoint: key, lines })).toEqual({
      messages: 0, accepted: 0, quarantined: {}, duplicates: 0, skipped: 50,
    });
    const [count] = await peers.database.sql`select count(*)::int as n from telemetry_events where request_id like 'batch-%'`;
    expect(count.n).toBe(48);
    expect(await store.checkpoints({ consumer: "direct-refusal", clusterId: "c", topic: TOPIC })).toEqual(new Map([[5, 50]]));
    const refused = await peers.database.sql`
      select position::int as position from quarantine where source = 'telemetry' and partition = 5 and reason = 'store_refused' order by position`;
    expect(refused.map((r) => r.position)).toEqual([7, 31]);
  });
});
