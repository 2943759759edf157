/**
 * The simulator's whole fault catalogue (`SIMULATOR_FAULTS=all`, the hostile
 * classes included) through the real Kafka peer into the real database: ingestion
 * applies every partition to its end without stalling, and the quarantine holds
 * exactly the lines the simulator meant to be refused, reason by reason.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { epochMsSql } from "../infra/db/epoch-sql.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { createLogger } from "../infra/log/logger.ts";
import { warmupLines } from "../simulator/engine/warmup-lines.ts";
import type { EmittedLine } from "../simulator/faults/emitted-line.ts";
import { FAULT_KINDS } from "../simulator/faults/fault-kind.ts";
import { createKafkaLineSink } from "../simulator/io/line-sink.ts";
import { createWorld } from "../simulator/world/create-world.ts";
import { type KafkaAndDatabase, startKafkaAndDatabase } from "../tests/support/kafka-and-database.ts";
import { waitFor } from "../tests/support/wait-for.ts";
import { type KafkaIngestor, startKafkaIngestor } from "./kafka-ingestor.ts";
import { createPostgresEventStore } from "./postgres-event-store.ts";

const TOPIC = "movielog-faults";
const log = createLogger("test", () => {});
let peers: KafkaAndDatabase;
let ingestor: KafkaIngestor;

beforeAll(async () => {
  peers = await startKafkaAndDatabase(TOPIC);
  ingestor = await startKafkaIngestor({
    kafka: createKafka(peers.cluster.brokers, "faults-ingest", log),
    store: createPostgresEventStore(peers.database.sql, { lateToleranceMs: 60_000 }),
    topic: TOPIC,
    groupId: "faults-ingest",
    log,
    maxBackoffMs: 200,
  });
});

afterAll(async () => {
  await ingestor?.stop();
  await peers?.stop();
});

test("ingestion quarantines exactly the lines every simulator fault meant to be refused, and stalls on none", async () => {
  const world = createWorld(5, { users: 300, movies: 200 });
  // Rates well above the defaults, so every hostile class shows up in a short stream.
  const lines: EmittedLine[] = [...warmupLines({
    world, seed: 5, lines: 20_000, end: Date.now(), faults: new Set(FAULT_KINDS), rates: { hostile: 0.02, malformed: 0.01 },
  })];
  const sink = await createKafkaLineSink(createKafka(peers.cluster.brokers, "faults-producer", log), TOPIC);
  await sink.write(lines);
  await sink.close();

  await waitFor("every line applied", async () => {
    const [row] = await peers.database.sql`select coalesce(sum(next_offset), 0)::int as n from ingest_checkpoints where consumer = 'faults-ingest'`;
    return row.n === lines.length;
  }, 90_000);

  const expected: Record<string, number> = {};
  for (const line of lines) if (line.expect !== "event") expected[line.expect] = (expected[line.expect] ?? 0) + 1;
  const stored = await peers.database.sql`select reason, count(*)::int as n from quarantine group by reason order by reason`;
  expect(Object.fromEntries(stored.map((r) => [r.reason, r.n]))).toEqual(expected);
  // The hostile classes were all there to be counted.
  for (const reason of ["latency_out_of_range", "too_many_items", "duplicate_items", "future_time", "past_time", "control_character", "line_too_long"]) {
    expect({ reason, injected: (expected[reason] ?? 0) > 0 }).toEqual({ reason, injected: true });
  }
  // No hostile time moved a partition's clock past the stream's own end.
  const [clock] = await peers.database.sql`
    select ${epochMsSql(peers.database.sql, peers.database.sql`max(watermark)`)} as latest from ingest_checkpoints where consumer = 'faults-ingest'`;
  expect(Number(clock.latest)).toBeLessThanOrEqual(Date.now());
});
