/**
 * The real peers of an ingestion integration test: librdkafka's mock cluster with a
 * topic, and a fresh migrated database (Postgres, or the embedded one), connected.
 * `stop()` closes the connection and removes both.
 */
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createKafka } from "../../infra/kafka/create-kafka.ts";
import { type MockKafkaCluster, startMockKafkaCluster } from "../../infra/kafka/mock-cluster.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export type KafkaAndDatabase = {
  readonly cluster: MockKafkaCluster;
  readonly testDb: TestDatabase;
  readonly database: Database;
  /** Produces `values` in order onto one partition of `topic` (raw bytes kept as they are). */
  produceToPartition(topic: string, values: readonly (string | Uint8Array)[], partition?: number): Promise<void>;
  stop(): Promise<void>;
};

/** Starts both peers side by side. */
export async function startKafkaAndDatabase(topic: string): Promise<KafkaAndDatabase> {
  const [cluster, testDb] = await Promise.all([startMockKafkaCluster({ topic }), createTestDatabase()]);
  const database = connectDatabase(testDb.url);
  const log = createLogger("test", () => {});
  return {
    cluster,
    testDb,
    database,
    async produceToPartition(target, values, partition = 0) {
      const producer = createKafka(cluster.brokers, "test-partition-producer", log).producer();
      await producer.connect();
      try {
        await producer.send({
          topic: target,
          messages: values.map((v) => ({ partition, value: typeof v === "string" ? v : Buffer.from(v) })),
        });
      } finally {
        await producer.disconnect();
      }
    },
    async stop() {
      await database.close();
      await Promise.all([cluster.stop(), testDb.drop()]);
    },
  };
}
