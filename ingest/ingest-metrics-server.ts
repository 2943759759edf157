/**
 * The ingestion process's monitoring shell: GET /metrics on its own port (Bun.serve),
 * the lag refresher, reading Kafka's offsets with an admin client and the stored
 * checkpoints (offset, watermark, time of the last progress) from Postgres, and the
 * conversion refresher, reading the judged lists of the last stream hour from Postgres.
 */
import type { Kafka } from "kafkajs";
import type postgres from "postgres";
import type { Logger } from "../infra/log/logger.ts";
import type { IngestMetrics } from "./ingest-metrics.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../shared/telemetry/conversion-window.ts";
import { readStoredProgress } from "./ingest-metrics-progress.ts";
import { type LaggedTopic, startConversionRefresher, startLagRefresher } from "./ingest-metrics-refresher.ts";
import { readConversion } from "./read-conversion.ts";
import { createTopicOffsetsReader } from "./topic-offsets-reader.ts";

/** How often lag is refreshed: a few per Prometheus scrape interval (15 s). */
export const LAG_REFRESH_MS = 5000;

/** How often conversion is refreshed: its hour moves little in a minute, and the query reads the whole hour. */
export const CONVERSION_REFRESH_MS = 60_000;

/** The stretch of the stream's clock conversion is judged over. */
export const CONVERSION_PERIOD_MS = 3_600_000;

export type IngestMetricsServer = { readonly port: number; stop(): Promise<void> };

/** Answers GET /metrics with the registry in Prometheus text format, 404 otherwise. */
export function ingestMetricsHandler(metrics: IngestMetrics): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== "GET" || pathname !== "/metrics") return new Response("not found", { status: 404 });
    return new Response(await metrics.registry.metrics(), { headers: { "Content-Type": metrics.registry.contentType } });
  };
}

/**
 * Serves the metrics on `port` (0: any free port) and starts refreshing the lag of
 * `topics` and the conversion of the stream's lists (the stream's topic is the first
 * of `topics` unless given).
 */
export function startIngestMetricsServer(options: {
  port: number;
  /** The address to listen on; default all interfaces. */
  hostname?: string;
  metrics: IngestMetrics;
  kafka: Kafka;
  sql: postgres.Sql;
  topics: readonly LaggedTopic[];
  log: Logger;
  intervalMs?: number;
  streamTopic?: string;
  conversionWindowMs?: number;
  conversionIntervalMs?: number;
}): IngestMetricsServer {
  const { kafka, sql, log } = options;
  // One admin client for both topics, connected lazily and dropped on failure, so a
  // Kafka outage heals on a later refresh.
  const offsets = createTopicOffsetsReader(kafka);
  // The port first: when it is taken this throws before any timer or Kafka client exists.
  const server = Bun.serve({ port: options.port, hostname: options.hostname ?? "0.0.0.0", fetch: ingestMetricsHandler(options.metrics) });
  log.info("serving metrics", { port: server.port, path: "/metrics" });
  const refresher = startLagRefresher({
    topics: options.topics,
    metrics: options.metrics,
    intervalMs: options.intervalMs ?? LAG_REFRESH_MS,
    now: Date.now,
    log,
    fetchOffsets: (topic) => offsets.fetchOffsets(topic),
    readProgress: async (topic) => readStoredProgress(sql, await offsets.clusterId(), topic),
  });
  const streamTopic = options.streamTopic ?? options.topics[0]?.topic;
  const conversion = streamTopic === undefined ? null : startConversionRefresher({
    metrics: options.metrics,
    intervalMs: options.conversionIntervalMs ?? CONVERSION_REFRESH_MS,
    now: Date.now,
    log,
    readLists: () =>
      readConversion(sql, { streamTopic, conversionWindowMs: options.conversionWindowMs ?? DEFAULT_CONVERSION_WINDOW_MS, periodMs: CONVERSION_PERIOD_MS }),
  });
  return {
    port: server.port ?? options.port,
    async stop() {
      refresher.stop();
      conversion?.stop();
      await server.stop();
      await offsets.close();
    },
  };
}
