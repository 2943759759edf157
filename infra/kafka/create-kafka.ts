/** A kafkajs client whose own logs go through our structured logger. */
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import type { Logger } from "../log/logger.ts";

/**
 * Where a client finds its brokers: a fixed list, or a function kafkajs calls for every
 * seed connection (kafka-brokers-file.ts), so a restarted embedded Kafka on new ports is
 * found on the next retry.
 */
export type KafkaBrokerSource = readonly string[] | (() => Promise<string[]>);

/**
 * kafkajs client for `brokers`, logging warnings and errors only; `sasl` logs in (see
 * read-kafka-sasl.ts). Retries are capped at 2 s apart: a client waiting for a restarted
 * broker looks again within 2 s, and one whose broker is gone for good gives up after
 * about 11 s (8 retries) instead of about 50 s, which is also what bounds a shutdown
 * while Kafka is down.
 */
export function createKafka(brokers: KafkaBrokerSource, clientId: string, log: Logger, sasl?: SASLOptions): Kafka {
  return new Kafka({
    brokers: typeof brokers === "function" ? brokers : [...brokers],
    clientId,
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 8 },
    logCreator: () => ({ level, namespace, log: entry }) => {
      const { message, ...fields } = entry;
      fields.namespace = namespace;
      if (level <= logLevel.ERROR) log.error(`kafka: ${message}`, fields);
      else log.warn(`kafka: ${message}`, fields);
    },
  });
}
