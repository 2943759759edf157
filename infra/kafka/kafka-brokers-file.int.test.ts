/**
 * What KAFKA_BROKERS_FILE is for, against real mock clusters: a kafkajs producer whose
 * brokers come from the file keeps producing after its cluster dies and a new one, on
 * other ports, is written to the file.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Partitioners } from "kafkajs";
import { createLogger } from "../log/logger.ts";
import { createKafka } from "./create-kafka.ts";
import { brokersFileSource, writeBrokersFile } from "./kafka-brokers-file.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "./mock-cluster.ts";

const dir = mkdtempSync(join(tmpdir(), "brokers-file-int-"));
const clusters: MockKafkaCluster[] = [];
afterAll(async () => {
  await Promise.all(clusters.map((cluster) => cluster.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const start = async () => {
  const cluster = await startMockKafkaCluster({ topic: "t" });
  clusters.push(cluster);
  return cluster;
};

test("a producer reading KAFKA_BROKERS_FILE reaches the cluster that replaced a dead one on new ports", async () => {
  const file = join(dir, "kafka-brokers");
  const first = await start();
  writeBrokersFile(file, first.brokers);
  const producer = createKafka(brokersFileSource(file), "brokers-file-test", createLogger("test", () => {}))
    .producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: "t", messages: [{ value: "to the first" }] });

  await first.stop();
  const second = await start();
  expect(second.brokers).not.toEqual(first.brokers);
  writeBrokersFile(file, second.brokers);
  await producer.send({ topic: "t", messages: [{ value: "to the second" }] });
  await producer.disconnect();

  const admin = createKafka(second.brokers, "brokers-file-check", createLogger("test", () => {})).admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets("t");
  await admin.disconnect();
  expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(1);
}, 60_000);
