/** Wires telemetry at start: a shipper into Kafka when KAFKA_BROKERS is set, else none. */
import type { Logger } from "../../infra/log/logger.ts";
import type { RouterConfig } from "../config.ts";
import type { RouterMetrics } from "../router-metrics.ts";
import { createKafkaTelemetrySink } from "./kafka-telemetry-sink.ts";
import { createTelemetryShipper, type TelemetryShipper } from "./telemetry-shipper.ts";

/** The shipper serving records into, or null (with a log line) when telemetry is disabled. */
export function startTelemetry(
  config: RouterConfig,
  metrics: RouterMetrics,
  log: Logger,
): TelemetryShipper | null {
  if (!config.KAFKA_BROKERS) {
    log.info("telemetry disabled: KAFKA_BROKERS is not set");
    return null;
  }
  log.info("telemetry to Kafka", {
    brokers: config.KAFKA_BROKERS,
    topic: config.ROUTER_TELEMETRY_TOPIC,
    buffer: config.ROUTER_TELEMETRY_BUFFER,
  });
  return createTelemetryShipper({
    sink: createKafkaTelemetrySink({
      brokers: config.KAFKA_BROKERS,
      topic: config.ROUTER_TELEMETRY_TOPIC,
      clientId: "router",
    }),
    capacity: config.ROUTER_TELEMETRY_BUFFER,
    batchSize: config.ROUTER_TELEMETRY_BATCH,
    maxBackoffMs: 5000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    log,
    onSent: (count) => metrics.telemetrySent.inc(count),
    onDropped: (reason, count) => metrics.telemetryDropped.inc({ reason }, count),
  });
}
