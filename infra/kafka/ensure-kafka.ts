/**
 * Chooses the Kafka a process uses: the brokers KAFKA_BROKERS_FILE names (re-read on
 * every reconnect; `npm start` writes it), else KAFKA_BROKERS, else an embedded mock
 * cluster it starts.
 */
import type { KafkaBrokerSource } from "./create-kafka.ts";
import { brokersFileSource } from "./kafka-brokers-file.ts";
import { startMockKafkaCluster } from "./mock-cluster.ts";

/** The fields of the environment that name the brokers (shared/config/env-fields.ts). */
export type KafkaBrokersEnv = { readonly KAFKA_BROKERS?: readonly string[]; readonly KAFKA_BROKERS_FILE?: string };

export type KafkaConnection = {
  readonly brokers: KafkaBrokerSource;
  /** For logs: the list, or the file it is read from. */
  readonly described: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
};

/** The configured brokers, or null when neither KAFKA_BROKERS_FILE nor KAFKA_BROKERS is set. */
export function configuredBrokers(env: KafkaBrokersEnv): { brokers: KafkaBrokerSource; described: string } | null {
  if (env.KAFKA_BROKERS_FILE) return { brokers: brokersFileSource(env.KAFKA_BROKERS_FILE), described: `the brokers in ${env.KAFKA_BROKERS_FILE}` };
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, described: env.KAFKA_BROKERS.join(",") };
  return null;
}

/** Brokers to connect to, and a `stop` that ends only a cluster this call started. */
export async function ensureKafka(env: KafkaBrokersEnv, topic: string): Promise<KafkaConnection> {
  const configured = configuredBrokers(env);
  if (configured) return { ...configured, embedded: false, stop: async () => {} };
  const cluster = await startMockKafkaCluster({ topic });
  return { brokers: cluster.brokers, described: cluster.brokers.join(","), embedded: true, stop: () => cluster.stop() };
}
