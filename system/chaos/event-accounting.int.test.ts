/**
 * The drill's event accounting against real peers: a mock Kafka cluster, a migrated
 * database and the real ingestor. Lines and probe lines applied once leave nothing lost
 * or doubled; a cluster killed with lines ingestion had not applied counts them apart,
 * as died with Kafka, and ingestion on the next cluster still loses nothing.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { startMockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { startKafkaIngestor, type KafkaIngestor } from "../../ingest/kafka-ingestor.ts";
import { createPostgresEventStore } from "../../ingest/postgres-event-store.ts";
import { startKafkaAndDatabase, type KafkaAndDatabase } from "../../tests/support/kafka-and-database.ts";
import { generateMovielog } from "../../tests/support/movielog-fixture.ts";
import { produceLines } from "../../tests/support/produce-lines.ts";
import { waitFor } from "../../tests/support/wait-for.ts";
import { accountEvents } from "./account-events.ts";
import { awaitCatchUp } from "./await-catch-up.ts";
import { watchKafka } from "./kafka-watch.ts";
import { PROBE_USER_BASE, startProbeStream } from "./probe-stream.ts";
import { appliedOffsets, readIngestProgress, readStoredProbes } from "./read-ingest-progress.ts";

const TOPIC = "movielog";
const GROUP = "chaos-accounting";
const log = createLogger("test", () => {});
let peers: KafkaAndDatabase;

beforeAll(async () => {
  peers = await startKafkaAndDatabase(TOPIC);
});
afterAll(async () => {
  await peers?.stop();
});

function ingest(brokers: string[]): Promise<KafkaIngestor> {
  return startKafkaIngestor({
    kafka: createKafka(brokers, "chaos-test-ingest", log), topic: TOPIC, groupId: GROUP, log, maxBackoffMs: 500, sessionTimeoutMs: 6000,
    store: createPostgresEventStore(peers.database.sql, { lateToleranceMs: 60_000 }),
  });
}

test("the drill's accounting finds nothing lost or doubled when lines and probes are ingested once, and one killed Kafka's unapplied lines counted apart", async () => {
  const sql = peers.database.sql;
  let brokers = peers.cluster.brokers;
  const watch = watchKafka({ brokers: () => brokers, topic: TOPIC, log, everyMs: 500 });
  const first = await waitFor("the first cluster", () => watch.look(), 20_000);
  const before = await readIngestProgress(sql, GROUP, TOPIC);
  expect(appliedOffsets(before)).toBe(0);

  const ingestor = await ingest(brokers);
  const stream = generateMovielog({ seed: 5, lines: 3000, users: 200 });
  await produceLines(createKafka(brokers, "site", log), TOPIC, stream);
  // Probes pause around the kill: a drill's SIGKILL is instant, a test cluster's stop is not.
  let probing = true;
  const probes = startProbeStream({
    brokers: () => brokers, topic: TOPIC, server: "chaos-drill:test", everyMs: 20, items: () => (probing ? ["the+godfather+1972", "up+2009"] : null), log,
  });
  await waitFor("some probes acknowledged", () => probes.sent().length >= 20, 20_000);
  await waitFor("ingestion to apply the first cluster", async () => appliedOffsets(await readIngestProgress(sql, GROUP, TOPIC), first.clusterId) >= 3020, 60_000, 200);

  // Ingestion stops; lines arrive that it never applies; the cluster dies with them.
  await ingestor.stop();
  await produceLines(createKafka(brokers, "site", log), TOPIC, generateMovielog({ seed: 6, lines: 500, users: 200 }));
  probing = false;
  await new Promise((r) => setTimeout(r, 300));
  await watch.look();
  watch.markKilled(first.clusterId);
  await peers.cluster.stop();

  const second = await startMockKafkaCluster({ topic: TOPIC });
  try {
    brokers = second.brokers;
    probing = true;
    const next = await waitFor("the new cluster", async () => {
      const look = await watch.look();
      return look && look.clusterId !== first.clusterId ? look : null;
    }, 30_000, 200);
    const ingestor2 = await ingest(brokers);
    await produceLines(createKafka(brokers, "site", log), TOPIC, generateMovielog({ seed: 7, lines: 800, users: 200 }));
    await waitFor("probes on the new cluster", () => probes.sent().some((p) => p.clusterId === next.clusterId), 30_000);
    await probes.stop();
    await watch.stop();
    expect(await awaitCatchUp({ kafka: watch, sql, group: GROUP, topic: TOPIC, timeoutMs: 60_000 })).toBe(true);
    await ingestor2.stop();

    const after = await readIngestProgress(sql, GROUP, TOPIC);
    const stored = await readStoredProbes(sql, probes.server);
    const sent = probes.sent();
    const account = accountEvents({
      clusters: watch.clusters(), before, after,
      probes: sent.map((p) => ({ clusterId: p.clusterId, partition: p.partition, offset: p.offset, stored: stored.has(p.userId) })),
    });
    expect(watch.clusters().map((c) => c.killed).sort()).toEqual([false, true]);
    expect(account.lost_events).toBe(0);
    expect(account.duplicated_events).toBe(0);
    // What died: the 500 lines and the probes sent after ingestion stopped.
    expect(account.lost_with_kafka).toBe(500 + sent.filter((p) => p.clusterId === first.clusterId && !stored.has(p.userId)).length);
    expect(account.detail.appliedLines).toBe(3000 + 500 + 800 + sent.length - account.lost_with_kafka);
    expect(sent.every((p) => p.userId >= PROBE_USER_BASE)).toBe(true);
    expect(sent.filter((p) => p.clusterId === next.clusterId).every((p) => stored.has(p.userId))).toBe(true);
  } finally {
    await second.stop();
  }
}, 180_000);
