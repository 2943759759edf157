/** A kafkajs client whose own logs go through our structured logger. */
import { Kafka, logLevel, type SASLOptions } from "kafkajs";
import type { Logger } from "../log/logger.ts";

/** kafkajs client for `brokers`, logging warnings and errors only; `sasl` logs in (see read-kafka-sasl.ts). */
export function createKafka(brokers: string[], clientId: string, log: Logger, sasl?: SASLOptions): Kafka {
  return new Kafka({
    brokers,
    clientId,
    ...(sasl ? { sasl } : {}),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator: () => ({ level, namespace, log: entry }) => {
      const { message, ...fields } = entry;
      fields.namespace = namespace;
      if (level <= logLevel.ERROR) log.error(`kafka: ${message}`, fields);
      else log.warn(`kafka: ${message}`, fields);
    },
  });
}
