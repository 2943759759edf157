/**
 * `bun run bench:ingest [--json]`: ingestion throughput, printed, never asserted.
 *  - parse-only lines/s of the movielog parser, against a naive regex + zod parser
 *    measured in the same run;
 *  - end-to-end lines/s into Postgres by file replay (batches of 5,000) and through
 *    Kafka (mock cluster → consumer group → Postgres), against row-at-a-time
 *    inserts of the same events measured in the same run.
 * Uses the real movielog sample (../shared/data/movielog) when present, else
 * generated lines of the same shape. Targets: parse ≥ 300k lines/s, end-to-end ≥ 30k lines/s.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { connectDatabase } from "../infra/db/connect-database.ts";
import { createKafka } from "../infra/kafka/create-kafka.ts";
import { startMockKafkaCluster } from "../infra/kafka/mock-cluster.ts";
import { createLogger } from "../infra/log/logger.ts";
import { parseLine } from "../shared/movielog/parse-line.ts";
import { generateMovielog } from "../tests/support/movielog-fixture.ts";
import { produceLines } from "../tests/support/produce-lines.ts";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { startKafkaIngestor } from "../ingest/kafka-ingestor.ts";
import { createPostgresEventStore } from "../ingest/postgres-event-store.ts";
import { replayFile } from "../ingest/replay-file.ts";
import { readProcessArgs } from "../infra/cli/command.ts";

const { json } = readProcessArgs({
  name: "bun run bench:ingest",
  summary: "Ingestion throughput (parse-only and end-to-end), printed, never asserted.",
  usage: ["[--json]"],
  examples: ["bun run bench:ingest --json"],
  flags: {},
  json: true,
});
const say = (s: string) => { if (!json) console.log(s); };
const dataDir = join(import.meta.dir, "../../shared/data/movielog");
const realLines = ["watch-2023-02.log", "rate-2023-02.log"].map((f) => join(dataDir, f)).filter(existsSync)
  .flatMap((p) => readFileSync(p, "utf8").split("\n").filter((l) => l.length > 0));
say(realLines.length > 0 ? `real movielog sample: ${realLines.length} lines` : `(${dataDir} absent: generated lines only)`);

// --- parse only -----------------------------------------------------------
const parseCorpus = realLines.length > 0
  ? Array.from({ length: 20 }, () => realLines).flat()
  : generateMovielog({ seed: 1, lines: 200_000 }).map((l) => l.line);

const NaiveEvent = z.union([
  z.object({ kind: z.literal("watch"), time: z.number(), userId: z.number().int().nonnegative(), movieId: z.string().min(1), minute: z.number().int() }),
  z.object({ kind: z.literal("rate"), time: z.number(), userId: z.number().int().nonnegative(), movieId: z.string().min(1), rating: z.number().int().min(1).max(5) }),
]);
const NAIVE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?),(\d+),GET \/(?:data\/m\/([^/]+)\/(\d+)\.mpg|rate\/([^=]+)=(\d+))$/;
function naiveParse(line: string) {
  const m = NAIVE.exec(line);
  if (!m) return null;
  const time = Date.parse(m[1] + "Z");
  return m[3] !== undefined
    ? NaiveEvent.safeParse({ kind: "watch", time, userId: Number(m[2]), movieId: m[3], minute: Number(m[4]) })
    : NaiveEvent.safeParse({ kind: "rate", time, userId: Number(m[2]), movieId: m[5], rating: Number(m[6]) });
}

function linesPerSecond(fn: (l: string) => unknown, lines: string[], rounds = 3): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (const l of lines) fn(l);
    best = Math.max(best, lines.length / ((performance.now() - t0) / 1000));
  }
  return best;
}
const parseRate = linesPerSecond(parseLine, parseCorpus);
const naiveRate = linesPerSecond(naiveParse, parseCorpus);
say(`parse only:       ${fmt(parseRate)} lines/s   (naive regex+zod ${fmt(naiveRate)} lines/s, ratio ${(parseRate / naiveRate).toFixed(2)}x; target ≥ 300k)`);

// --- end to end into Postgres -------------------------------------------------
const e2eLines = generateMovielog({ seed: 2, lines: 200_000, users: 20_000, movies: 3000, malformedShare: 0.005, duplicateShare: 0.01 });
const file = join(mkdtempSync(join(tmpdir(), "bench-ingest-")), "movielog.log");
writeFileSync(file, e2eLines.map((l) => l.line).join("\n") + "\n");

const fileDb = await createTestDatabase();
const fileConn = connectDatabase(fileDb.url);
let t0 = performance.now();
await replayFile(file, createPostgresEventStore(fileConn.sql, { lateToleranceMs: 60_000 }), { batchLines: 5000 });
const fileRate = e2eLines.length / ((performance.now() - t0) / 1000);

// Reference: the same events, one INSERT per line (what batching saves us from).
const sample = e2eLines.slice(0, 5000).map((l) => parseLine(l.line)).flatMap((r) => (r.ok ? [r.event] : []));
await fileConn.sql`create table bench_rows (user_id int, movie_id text, kind text, value int, time timestamptz)`;
t0 = performance.now();
for (const e of sample) {
  const value = e.kind === "watch" ? e.minute : e.kind === "rate" ? e.rating : e.status;
  const movie = e.kind === "recommendation" ? e.items[0] ?? "" : e.movieId;
  await fileConn.sql`insert into bench_rows values (${e.userId}, ${movie}, ${e.kind}, ${value}, to_timestamp(${e.time}::float8 / 1000))`;
}
const rowRate = sample.length / ((performance.now() - t0) / 1000);
await fileConn.close();
await fileDb.drop();
say(`file → Postgres:  ${fmt(fileRate)} lines/s   (row-at-a-time ${fmt(rowRate)} lines/s, ratio ${(fileRate / rowRate).toFixed(1)}x; target ≥ 30k) [${fileDb.kind}]`);

// --- Kafka → Postgres ---------------------------------------------------------
const cluster = await startMockKafkaCluster({ topic: "bench" });
const kafkaDb = await createTestDatabase();
const kafkaConn = connectDatabase(kafkaDb.url);
const log = createLogger("bench", () => {});
await produceLines(createKafka(cluster.brokers, "bench-producer", log), "bench", e2eLines, 10_000);
t0 = performance.now();
const ingestor = await startKafkaIngestor({
  kafka: createKafka(cluster.brokers, "bench-ingest", log), store: createPostgresEventStore(kafkaConn.sql, { lateToleranceMs: 60_000 }),
  topic: "bench", groupId: "bench", log, maxBackoffMs: 1000,
});
let joinedAt = 0;
for (;;) {
  const [row] = await kafkaConn.sql`select coalesce(sum(next_offset), 0)::int as n from ingest_checkpoints`;
  if (row.n > 0 && joinedAt === 0) joinedAt = performance.now();
  if (row.n >= e2eLines.length) break;
  await new Promise((r) => setTimeout(r, 50));
}
const kafkaSeconds = (performance.now() - joinedAt) / 1000;
const kafkaRate = e2eLines.length / kafkaSeconds;
await ingestor.stop();
await kafkaConn.close();
await Promise.all([cluster.stop(), kafkaDb.drop()]);
say(`Kafka → Postgres: ${fmt(kafkaRate)} lines/s   (from the first applied batch; group join took ${((joinedAt - t0) / 1000).toFixed(1)} s) [${kafkaDb.kind}]`);

if (json) {
  console.log(JSON.stringify({
    parse_lines_per_s: Math.round(parseRate), naive_parse_lines_per_s: Math.round(naiveRate),
    file_to_postgres_lines_per_s: Math.round(fileRate), row_at_a_time_lines_per_s: Math.round(rowRate),
    kafka_to_postgres_lines_per_s: Math.round(kafkaRate), lines: e2eLines.length, database: fileDb.kind,
  }));
}

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}
