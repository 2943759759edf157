/**
 * Crash safety of the ingestion process, with real processes: SIGKILL it while a
 * batch's transaction is open and restart; cut Postgres away for seconds while a
 * transaction is open. Either way the event store ends up exactly as if every line
 * had been applied once. The test runner runs this file on real Postgres and again
 * on the embedded database. A proxy between the process and the database sees the
 * transaction's `begin` go by, so "mid-transaction" is certain, not likely.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { startMockKafkaCluster, type MockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { appliedLines, BEGIN, exitedEarly, runningIngests, startIngest, stopped } from "../support/ingest-process.ts";
import { generateMovielog } from "../support/movielog-fixture.ts";
import { produceLines } from "../support/produce-lines.ts";
import { expectedStoreSnapshot, readStoreSnapshot } from "../support/store-snapshot.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { waitFor } from "../support/wait-for.ts";

const log = createLogger("test", () => {});
let cluster: MockKafkaCluster;
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic: "movielog" }), createTestDatabase()]);
  database = connectDatabase(testDb.url);
});

afterAll(async () => {
  for (const child of runningIngests) child.kill("SIGKILL");
  await database?.close();
  await Promise.all([cluster?.stop(), testDb?.drop()]);
});

describe("ingestion crash safety", () => {
  test("ingest killed with SIGKILL mid-stream and restarted loses and double-counts nothing", async () => {
    const topic = "movielog-kill";
    const group = "ingest-kill";
    const stream = generateMovielog({ seed: 11, lines: 60_000, users: 2000, malformedShare: 0.02, duplicateShare: 0.03 });
    await produceLines(createKafka(cluster.brokers, "producer", log), topic, stream, 5000);
    const url = new URL(testDb.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const viaProxy = new URL(testDb.url);
    viaProxy.port = String(proxy.port);
    const env = { KAFKA_BROKERS: cluster.brokers.join(","), KAFKA_TOPIC: topic, INGEST_GROUP_ID: group, INGEST_MAX_BACKOFF_MS: "200" };

    const first = startIngest({ ...env, DATABASE_URL: viaProxy.toString() });
    await waitFor("ingestion to get going", async () => (await appliedLines(database.sql, group)) > 0, 60_000, 20);
    await proxy.onClientBytes(BEGIN, () => void first.kill("SIGKILL")); // the next batch's transaction is open
    await stopped(first);
    await proxy.close();
    const progressAtKill = await appliedLines(database.sql, group);
    expect(progressAtKill).toBeLessThan(stream.length); // the kill landed mid-stream

    const second = startIngest({ ...env, DATABASE_URL: testDb.url });
    await Promise.race([waitFor("the rest of the stream", async () => (await appliedLines(database.sql, group)) === stream.length, 90_000), exitedEarly(second)]);
    second.kill("SIGTERM");
    await stopped(second);

    const actual = await readStoreSnapshot(database.sql);
    const expected = await expectedStoreSnapshot(stream);
    expect(actual).toEqual(expected);
  });

  test("ingest rides out Postgres being unreachable for seconds mid-stream, losing nothing", async () => {
    // A fresh database so the snapshot holds only this stream.
    const local = await createTestDatabase();
    const url = new URL(local.url);
    const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const viaProxy = new URL(local.url);
    viaProxy.port = String(proxy.port);
    const localDb = connectDatabase(local.url);
    try {
      const topic = "movielog-outage";
      const group = "ingest-outage";
      const stream = generateMovielog({ seed: 12, lines: 40_000, users: 1500, malformedShare: 0.02, duplicateShare: 0.03 });
      const producer = createKafka(cluster.brokers, "producer", log);
      await produceLines(producer, topic, stream.slice(0, 20_000), 5000);
      const child = startIngest({
        DATABASE_URL: viaProxy.toString(), KAFKA_BROKERS: cluster.brokers.join(","), KAFKA_TOPIC: topic, INGEST_GROUP_ID: group,
      });
      const applied = () => appliedLines(localDb.sql, group);
      const crashed = exitedEarly(child);
      await Promise.race([waitFor("first half applied", async () => (await applied()) === 20_000, 60_000), crashed]);
      const cutMidTransaction = proxy.onClientBytes(BEGIN, () => proxy.cut());
      await produceLines(producer, topic, stream.slice(20_000), 5000);
      await cutMidTransaction;
      await new Promise((r) => setTimeout(r, 3000));
      expect(await applied()).toBe(20_000); // nothing could be written while cut off
      await proxy.restore();
      // Generous: if the outage cost a consumer its group membership, rejoining the mock
      // cluster waits out the old member's session first. What is asserted is that nothing is lost.
      const caughtUp = waitFor("second half applied after the outage", async () => (await applied()) === stream.length, 120_000).catch(async (error) => {
        // Ingestion's own log says why it did not catch up; the timeout alone does not.
        const tail = child.output().slice(-6000);
        throw new Error(`${error.message} (${await applied()} of ${stream.length} lines applied); ingest's last lines:\n${tail}`);
      });
      await Promise.race([caughtUp, crashed]);
      expect(child.output()).toContain(`database unavailable; retrying the batch","topic":"movielog-outage"`);
      expect(child.output()).toContain(`"cause":"database_unavailable"`);
      child.kill("SIGTERM");
      await stopped(child);
      expect(await readStoreSnapshot(localDb.sql)).toEqual(await expectedStoreSnapshot(stream));
    } finally {
      await localDb.close();
      await proxy.close();
      await local.drop();
    }
  }, 200_000);
});
