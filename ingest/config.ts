/** Configuration of the ingestion process, from the environment. */
import { z } from "zod";
import { DatabaseEnv, KafkaEnv, PortText } from "../shared/config/env-fields.ts";
import { ConfigError, parseEnv } from "../shared/config/parse-env.ts";
import { readTelemetrySigningKey, TelemetrySigningEnv } from "../shared/telemetry/index.ts";
import { EventTimeEnv, eventTimeBounds } from "../shared/time/event-time-bounds.ts";
import type { EventStoreOptions } from "./event-store.ts";
import { IngestMetricsEnv } from "./ingest-metrics-config.ts";

export const IngestConfig = DatabaseEnv.extend(KafkaEnv.shape).extend({
  /** Consumer group; its progress is stored per cluster, topic and partition. */
  INGEST_GROUP_ID: z.string().min(1).default("movielog-ingest"),
  /** Lines per transaction when replaying files. */
  INGEST_FILE_BATCH_LINES: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** Events older than the stream's latest time minus this are counted as late (not rejected). */
  INGEST_LATE_TOLERANCE_MS: z.coerce.number().int().min(0).default(60_000),
  /** How long the group waits for a silent member (e.g. a killed process) before reassigning its partitions. */
  INGEST_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6000).max(300_000).default(30_000),
  /** Kafka partitions applied side by side, each in its own transaction. */
  INGEST_PARTITIONS_CONCURRENTLY: z.coerce.number().int().min(1).max(64).default(2),
  /** Upper bound of the retry backoff when Postgres is unavailable. */
  INGEST_MAX_BACKOFF_MS: z.coerce.number().int().min(10).default(10_000),
  /** The router's telemetry topic, consumed alongside the movielog; `off` disables that consumer. */
  INGEST_TELEMETRY_TOPIC: z.union([z.literal("off"), KafkaEnv.shape.KAFKA_TOPIC.unwrap()]).default("telemetry"),
  /** Consumer group of the telemetry consumer; also names its stored checkpoints. */
  INGEST_TELEMETRY_GROUP_ID: z.string().min(1).default("telemetry-ingest"),
  /** Port of GET /metrics (Prometheus text format); `off` serves nothing and polls no lag. */
  INGEST_METRICS_PORT: z.union([z.literal("off"), PortText]).default(9464),
}).extend(IngestMetricsEnv.shape).extend(EventTimeEnv.shape).extend(TelemetrySigningEnv.shape).refine((c) => c.INGEST_TELEMETRY_GROUP_ID !== c.INGEST_GROUP_ID, {
  // One group subscribed to two topics by two consumers would split partitions between them.
  path: ["INGEST_TELEMETRY_GROUP_ID"],
  message: "must differ from INGEST_GROUP_ID",
});
export type IngestConfig = z.infer<typeof IngestConfig>;

/** Parses the environment; throws naming the first bad variable. */
export function loadIngestConfig(env: Record<string, string | undefined>): IngestConfig {
  return parseEnv(IngestConfig, env);
}

/** How the configured process's event stores judge lines. */
export function eventStoreOptions(config: IngestConfig): EventStoreOptions {
  return { lateToleranceMs: config.INGEST_LATE_TOLERANCE_MS, timeBounds: eventTimeBounds(config) };
}

/**
 * The key telemetry is verified with; null only when the telemetry consumer is off and
 * none is set. The consumer refuses to start without one (a ConfigError naming the
 * variables): storing unsigned telemetry would let anyone who can write the topic fail
 * a canary, and quarantining all of it would hide the misconfiguration until a canary
 * starved of evidence.
 */
export function telemetrySigningKey(config: IngestConfig, readText: (path: string) => string): string | null {
  const key = readTelemetrySigningKey(config, readText);
  if (config.INGEST_TELEMETRY_TOPIC === "off" || key !== null) return key;
  throw new ConfigError(
    "Invalid configuration: TELEMETRY_SIGNING_KEY=(unset): telemetry ingestion needs the router's signing key: " +
      "set TELEMETRY_SIGNING_KEY or TELEMETRY_SIGNING_KEY_FILE, or INGEST_TELEMETRY_TOPIC=off",
  );
}
