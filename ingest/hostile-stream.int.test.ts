/**
 * A hostile movielog stream against the real Kafka peer (librdkafka's mock cluster)
 * and a real database (Postgres, and the embedded one in the suite's second pass).
 * Every hostile record is followed on the same partition by a valid sentinel. The
 * sentinels must be stored within seconds, each hostile record quarantined once
 * with its reason (or stored within bounds), the partition's watermark must stay
 * where the valid lines put it, and the store must equal the exactly-once
 * expectation. A record the database itself refuses is quarantined with the
 * database's words while the rest of its batch applies, from Kafka and from files.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { createLogger } from "../infra/log/logger.ts";
import { type KafkaAndDatabase, startKafkaAndDatabase } from "../tests/support/kafka-and-database.ts";
import { expectedStoreSnapshot, readStoreSnapshot } from "../tests/support/store-snapshot.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { type KafkaIngestor, startKafkaIngestor } from "./kafka-ingestor.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";
import { replayFile } from "./replay-file.ts";

const log = createLogger("test", () => {});
const HOUR = 3_600_000;
const now = Date.now();
/** Valid lines are an hour old, so no bound but the hostile ones' comes near. */
const base = now - HOUR;
const at = (offsetMs: number) => new Date(base + offsetMs).toISOString().slice(0, 23);

type Hostile = { readonly name: string; readonly line: string | Uint8Array; readonly expect: string };

const items = (n: number) => Array.from({ length: n }, (_, i) => `movie+${i}`).join(", ");
const padded = (length: number, time: string) => {
  const head = `${time},5,recommendation request svc:8082, status 0, result: `;
  const tail = ", 800 ms";
  return head + "x".repeat(length - head.length - tail.length) + tail;
};

/** One record of every hostile class; `stored` means it is valid and must be stored within bounds. */
function hostileRecords(): Hostile[] {
  return [
    { name: "latency overflow", expect: "latency_out_of_range", line: `${at(1000)},4242,recommendation request 10.0.0.1:8082, status 200, result: a+1999, 1000000000000000000000000000000000000000 ms` },
    { name: "latency past an hour", expect: "latency_out_of_range", line: `${at(1000)},4243,recommendation request svc:8082, status 200, result: a+1999, 3600001 ms` },
    { name: "year 9999", expect: "future_time", line: "9999-12-31T23:59,4244,GET /rate/the+matrix+1999=5" },
    { name: "two days ahead", expect: "future_time", line: `${new Date(now + 48 * HOUR).toISOString().slice(0, 19)},4245,GET /data/m/the+matrix+1999/1.mpg` },
    { name: "year 1970", expect: "past_time", line: "1970-01-01T00:00,4246,GET /rate/the+matrix+1999=5" },
    { name: "just before 2000", expect: "past_time", line: "1999-12-31T23:59:59,4247,GET /data/m/the+matrix+1999/1.mpg" },
    { name: "user id beyond int4", expect: "bad_user_id", line: `${at(2000)},2147483648,GET /rate/the+matrix+1999=5` },
    { name: "minute beyond bounds", expect: "bad_minute", line: `${at(2000)},4248,GET /data/m/the+matrix+1999/99999999999.mpg` },
    { name: "rating overflow", expect: "rating_out_of_range", line: `${at(2000)},4249,GET /rate/the+matrix+1999=99999999999999999999` },
    { name: "status overflow", expect: "bad_status", line: `${at(2000)},4250,recommendation request svc:8082, status 20000, result: a+1, 5 ms` },
    { name: "NUL in a movie id", expect: "control_character", line: `${at(3000)},4251,GET /rate/the+ma\u0000trix+1999=5` },
    { name: "NUL in error text", expect: "control_character", line: `${at(3000)},4252,recommendation request svc:8082, status 500, result: boom\u0000, 5 ms` },
    { name: "escape character", expect: "control_character", line: `${at(3000)},4253,GET /rate/the+matrix+1999=5\u001b[31m` },
    { name: "line over the cap", expect: "line_too_long", line: padded(20_001, at(4000)) },
    { name: "line at the cap", expect: "stored", line: padded(20_000, at(4000)) },
    { name: "21 items", expect: "too_many_items", line: `${at(5000)},4254,recommendation request svc:8082, status 200, result: ${items(21)}, 5 ms` },
    { name: "20 items", expect: "stored", line: `${at(5000)},4255,recommendation request svc:8082, status 200, result: ${items(20)}, 5 ms` },
    { name: "duplicate items", expect: "duplicate_items", line: `${at(5000)},4256,recommendation request svc:8082, status 200, result: a+1, b+2, a+1, 5 ms` },
    {
      name: "invalid UTF-8 in a movie id",
      expect: "bad_movie_id",
      line: new Uint8Array([...new TextEncoder().encode(`${at(6000)},4257,GET /rate/the+`), 0xff, 0xfe, ...new TextEncoder().encode("+1999=5")]),
    },
  ];
}

const sentinel = (i: number) => `${at(10_000 + i * 1000)},${9000 + i},GET /rate/sentinel+${i}=4`;

let peers: KafkaAndDatabase;
let ingestor: KafkaIngestor;
const produceToPartition = (topic: string, values: readonly (string | Uint8Array)[]) => peers.produceToPartition(topic, values);

beforeAll(async () => {
  peers = await startKafkaAndDatabase("movielog");
  // A refusal no bound of ours foresees: the database turns down one movie id.
  await peers.database.sql`alter table rating_history add constraint refuse_poison check (movie_id <> 'poison+1999')`;
  ingestor = await startKafkaIngestor({
    kafka: createKafka(peers.cluster.brokers, "hostile-ingest", log),
    store: createPostgresEventStore(peers.database.sql, { lateToleranceMs: 60_000 }),
    topic: "movielog",
    groupId: "hostile-ingest",
    log,
    maxBackoffMs: 200,
  });
});

afterAll(async () => {
  await ingestor?.stop();
  await peers?.stop();
});

describe("a hostile movielog stream", () => {
  test("every sentinel is stored, every hostile line quarantined once with its reason, and no clock moves", async () => {
    const hostile = hostileRecords();
    const values = hostile.flatMap((h, i) => [h.line, sentinel(i)]);
    await produceToPartition("movielog", values);

    // Each sentinel within a few seconds of being produced, though hostile lines precede them all.
    await waitFor("every sentinel stored", async () => {
      const [row] = await peers.database.sql`select count(*)::int as n from rating_history where movie_id like 'sentinel+%'`;
      return row.n === hostile.length;
    }, 15_000);

    const quarantined = await peers.database.sql`select position::int as position, reason from quarantine where source = 'kafka:movielog' order by position`;
    const expected = hostile.flatMap((h, i) => (h.expect === "stored" ? [] : [[i * 2, h.expect]]));
    expect(quarantined.map((r) => [r.position, r.reason])).toEqual(expected);

    const [checkpoint] = await peers.database.sql`
      select next_offset::int as next, ${epochMsSql(peers.database.sql, "watermark")} as watermark
      from ingest_checkpoints where consumer = 'hostile-ingest' and partition = 0`;
    expect(checkpoint.next).toBe(values.length);
    // The latest valid line is the last sentinel: nothing hostile moved the watermark.
    expect(Number(checkpoint.watermark)).toBe(Date.parse(`${at(10_000 + (hostile.length - 1) * 1000)}Z`));

    const stored = await peers.database.sql`select latency_ms, cardinality(items)::int as n from recommendation_events order by n`;
    expect(stored.map((r) => [r.latency_ms, r.n])).toEqual([[800, 0], [5, 20]]);

    const snapshot = await readStoreSnapshot(peers.database.sql);
    const expectedSnapshot = await expectedStoreSnapshot(values.map((v) => ({
      userId: null,
      line: typeof v === "string" ? v : new TextDecoder().decode(v),
    })));
    expect(snapshot).toEqual(expectedSnapshot);
  });

  test("a line the database refuses is quarantined with its words while the rest of its batch applies", async () => {
    const before = await readStoreSnapshot(peers.database.sql);
    const lines = [
      `${at(20_000)},7001,GET /rate/good+one+2001=3`,
      `${at(20_001)},7002,GET /rate/poison+1999=5`,
      `${at(20_002)},7003,GET /data/m/good+two+2002/4.mpg`,
      `${at(20_003)},7004,GET /rate/good+three+2003=1`,
    ];
    await produceToPartition("movielog", lines);
    await waitFor("the good lines stored", async () => {
      const [row] = await peers.database.sql`select count(*)::int as n from rating_history where user_id in (7001, 7004)`;
      return row.n === 2;
    }, 15_000);
    const [refused] = await peers.database.sql`
      select reason, detail, convert_from(raw, 'UTF8') as raw from quarantine where reason = 'store_refused'`;
    expect(refused.raw).toBe(lines[1]);
    expect(refused.detail).toStartWith("SQLSTATE 23514: ");
    expect(refused.detail).toContain("refuse_poison");
    const after = await readStoreSnapshot(peers.database.sql);
    expect(after.sessions.length - before.sessions.length).toBe(1);
    expect(after.totals.rejected.store_refused).toBe(1);
    expect(after.totals.accepted.rate - before.totals.accepted.rate).toBe(2);
  });

  test("a file replay quarantines a refused line and stores the rest of its batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hostile-"));
    const file = join(dir, "movielog.log");
    writeFileSync(file, [
      "2023-02-08T02:29:00,8001,GET /rate/backfill+one+1990=4",
      "2023-02-08T02:29:01,8002,GET /rate/poison+1999=2",
      "9999-12-31T23:59,8003,GET /rate/backfill+two+1991=4",
      "2023-02-08T02:29:02,8004,GET /data/m/backfill+three+1992/1.mpg",
    ].join("\n") + "\n");
    const counts = await replayFile(file, createPostgresEventStore(peers.database.sql, { lateToleranceMs: 60_000 }), { batchLines: 10 });
    expect(counts).toEqual({
      lines: 4,
      accepted: { watch: 1, rate: 1, recommendation: 0 },
      rejected: { future_time: 1, store_refused: 1 },
      duplicates: 0,
    });
    const quarantined = await peers.database.sql`
      select position::int as position, reason from quarantine where source = ${`file:${file}`} order by position`;
    expect(quarantined.map((r) => [r.position, r.reason])).toEqual([[2, "store_refused"], [3, "future_time"]]);
  });
});
