/** Chooses the Kafka a process uses: KAFKA_BROKERS, else an embedded mock cluster it starts. */
import { startMockKafkaCluster } from "./mock-cluster.ts";

export type KafkaConnection = { readonly brokers: string[]; readonly embedded: boolean; stop(): Promise<void> };

/** Brokers to connect to, and a `stop` that ends only a cluster this call started. */
export async function ensureKafka(brokers: string[] | undefined, topic: string): Promise<KafkaConnection> {
  if (brokers) return { brokers, embedded: false, stop: async () => {} };
  const cluster = await startMockKafkaCluster({ topic });
  return { brokers: cluster.brokers, embedded: true, stop: () => cluster.stop() };
}
