/**
 * Wires telemetry at start: a shipper into Kafka when KAFKA_BROKERS_FILE or KAFKA_BROKERS
 * is set, else none. With the file, the producer reads it on every reconnect and so finds
 * a restarted embedded Kafka on its new ports.
 * Events are signed with the telemetry signing key. Without a key the router still
 * serves and still ships, unsigned, after one warning: a router must never refuse
 * answers over its telemetry, and ingestion, which holds the key, quarantines unsigned
 * events (`unsigned`) instead of counting them.
 */
import type { Logger } from "../../infra/log/logger.ts";
import { createTelemetrySigner } from "../../shared/telemetry/index.ts";
import type { RouterConfig } from "../config.ts";
import type { RouterMetrics } from "../router-metrics.ts";
import { createKafkaTelemetrySink } from "./kafka-telemetry-sink.ts";
import { readKafkaSasl } from "../../infra/kafka/read-kafka-sasl.ts";
import { configuredBrokers } from "../../infra/kafka/ensure-kafka.ts";
import { createTelemetryShipper, type TelemetryShipper } from "./telemetry-shipper.ts";

/** The shipper serving records into, or null (with a log line) when telemetry is disabled. */
export function startTelemetry(
  config: RouterConfig,
  signingKey: string | null,
  metrics: RouterMetrics,
  log: Logger,
): TelemetryShipper | null {
  const brokers = configuredBrokers(config);
  if (brokers === null) {
    log.info("telemetry disabled: neither KAFKA_BROKERS_FILE nor KAFKA_BROKERS is set");
    return null;
  }
  log.info("telemetry to Kafka", {
    brokers: brokers.described,
    topic: config.ROUTER_TELEMETRY_TOPIC,
    buffer: config.ROUTER_TELEMETRY_BUFFER,
    signed: signingKey !== null,
  });
  if (signingKey === null) {
    log.warn(
      "telemetry is sent unsigned: ingestion will quarantine it as `unsigned`; set TELEMETRY_SIGNING_KEY or TELEMETRY_SIGNING_KEY_FILE",
    );
  }
  return createTelemetryShipper({
    sink: createKafkaTelemetrySink({
      brokers: brokers.brokers,
      topic: config.ROUTER_TELEMETRY_TOPIC,
      clientId: "router",
      sasl: readKafkaSasl(config),
    }),
    sign: signingKey === null ? undefined : createTelemetrySigner(signingKey),
    capacity: config.ROUTER_TELEMETRY_BUFFER,
    batchSize: config.ROUTER_TELEMETRY_BATCH,
    maxBackoffMs: 5000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    onSent: (count) => metrics.telemetrySent.inc(count),
    onDropped: (reason, count) => metrics.telemetryDropped.inc({ reason }, count),
  });
}
