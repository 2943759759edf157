/**
 * The production telemetry sink: a kafkajs producer writing one JSON message per event,
 * keyed by user id so each user's events stay in order on one partition. Timeouts and
 * retries are short on purpose: a failed batch is dropped by the shipper, and waiting
 * longer would only hold the next batch back. kafkajs runs under Deno's node:net.
 */
import { Kafka, logLevel, Partitioners, type SASLOptions } from "kafkajs";
import type { KafkaBrokerSource } from "../../infra/kafka/create-kafka.ts";
import type { TelemetryEvent } from "../../shared/telemetry/index.ts";
import type { TelemetrySink } from "./telemetry-shipper.ts";

export type KafkaTelemetrySinkOptions = {
  /** A list, or a function kafkajs calls on every seed connection (KAFKA_BROKERS_FILE). */
  brokers: KafkaBrokerSource;
  topic: string;
  clientId: string;
  /** The router's login where the brokers require one (infra/kafka/read-kafka-sasl.ts). */
  sasl?: SASLOptions;
};

/** A sink that connects on first use and reconnects after a failure. */
export function createKafkaTelemetrySink(options: KafkaTelemetrySinkOptions): TelemetrySink {
  const kafka = new Kafka({
    brokers: typeof options.brokers === "function" ? options.brokers : [...options.brokers],
    clientId: options.clientId,
    ...(options.sasl ? { sasl: options.sasl } : {}),
    // The shipper logs failures once per outage; kafkajs would log every retry.
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 5000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  const producer = kafka.producer({
    allowAutoTopicCreation: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  let connected: Promise<void> | null = null;
  return {
    async send(events: TelemetryEvent[]) {
      connected ??= producer.connect().catch((error) => {
        connected = null;
        throw error;
      });
      await connected;
      await producer.send({
        topic: options.topic,
        messages: events.map((event) => ({
          key: event.userId === null ? event.requestId : String(event.userId),
          value: JSON.stringify(event),
        })),
      });
    },
    close: () => producer.disconnect(),
  };
}
