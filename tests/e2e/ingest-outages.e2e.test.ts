/**
 * Ingestion through a run of database outages at moments chosen by a seed, while the
 * stream is still being produced: inside a batch's transaction (on its `begin`, or on
 * its `commit`), while a new connection fetches its types, or at a random instant,
 * each for a random fraction of a second to two seconds. The one process must ride
 * out every one of them (never exit, so nothing is left to a supervisor), and the
 * event store must end up exactly as if every line had been applied once. Such a run
 * found the two driver faults that connection-loss.int.test.ts pins down, in minutes.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { appliedLines, BEGIN, exitedEarly, runningIngests, startIngest, stopped } from "../support/ingest-process.ts";
import { generateMovielog } from "../support/movielog-fixture.ts";
import { produceLines } from "../support/produce-lines.ts";
import { expectedStoreSnapshot, readStoreSnapshot } from "../support/store-snapshot.ts";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const OUTAGES = 12;
const SEED = 2026;
/** The bytes a cut waits for: a transaction opening, one committing, a new connection's type query. */
const MOMENTS = [BEGIN, "commit\u0000", "typarray", null] as const;
/** A cut waiting for bytes that do not come (ingestion idle between chunks) happens anyway after this. */
const LONGEST_WAIT_FOR_MOMENT_MS = 1500;

const log = createLogger("test", () => {});
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;
let proxy: TcpProxy;

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: "movielog" }), createTestDatabase()]);
  database = connectDatabase(testDb.url);
  const url = new URL(testDb.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
});

afterAll(async () => {
  for (const child of runningIngests) child.kill("SIGKILL");
  await database?.close();
  await proxy?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test(`ingestion rides out ${OUTAGES} database outages at seeded moments in one process, losing and doubling nothing`, async () => {
  const random = mulberry32(SEED);
  const topic = "movielog-outages";
  const group = "ingest-outages";
  const stream = generateMovielog({ seed: 13, lines: 48_000, users: 2000, malformedShare: 0.02, duplicateShare: 0.03 });
  const viaProxy = new URL(testDb.url);
  viaProxy.port = String(proxy.port);
  const child = startIngest({
    DATABASE_URL: viaProxy.toString(), KAFKA_BROKERS: cluster.brokers.join(","), KAFKA_TOPIC: topic, INGEST_GROUP_ID: group,
    INGEST_METRICS_PORT: "off",
  });
  const crashed = exitedEarly(child);
  const applied = () => appliedLines(database.sql, group);

  // Set when the test ends early (ingestion exited): the loops below must not outlive it.
  let over = false;
  // The stream arrives in chunks throughout the outages, as a live topic does.
  const producer = createKafka(cluster.brokers, "producer", log);
  const chunks = 6;
  const producing = (async () => {
    for (let i = 0; i < chunks && !over; i++) {
      await produceLines(producer, topic, stream.slice((i * stream.length) / chunks, ((i + 1) * stream.length) / chunks), 4000);
      await sleep(1500);
    }
  })();

  const outages: string[] = [];
  const cutting = (async () => {
    for (let i = 0; i < OUTAGES && !over; i++) {
      const moment = MOMENTS[Math.floor(random() * MOMENTS.length)];
      const upMs = 300 + random() * 1200;
      // A new connection's type query comes right after the restore before: armed at once.
      if (moment !== "typarray") await sleep(upMs);
      if (moment === null) await proxy.cut();
      else await proxy.cutOnClientBytes(moment, LONGEST_WAIT_FOR_MOMENT_MS);
      const downMs = Math.round(200 + random() * 1800);
      outages.push(`${moment === null ? "any moment" : JSON.stringify(moment.replace("\u0000", ""))} for ${downMs} ms`);
      await sleep(downMs);
      await proxy.restore();
    }
  })();

  await Promise.race([Promise.all([producing, cutting]), crashed]).finally(() => (over = true));
  const caughtUp = waitFor("every line applied after the outages", async () => (await applied()) === stream.length, 120_000).catch(async (error) => {
    throw new Error(`${error.message} (${await applied()} of ${stream.length} lines applied) after outages ${outages.join(", ")}; ingest's last lines:\n${child.output().slice(-6000)}`);
  });
  await Promise.race([caughtUp, crashed]);

  expect(outages).toHaveLength(OUTAGES);
  expect(child.output()).toContain(`"cause":"database_unavailable"`);
  expect(child.output()).not.toContain(`"uncaught error"`);
  child.kill("SIGTERM");
  await stopped(child);
  expect(await readStoreSnapshot(database.sql)).toEqual(await expectedStoreSnapshot(stream));
}, 300_000);
