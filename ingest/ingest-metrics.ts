/**
 * Ingestion's Prometheus metrics, on a registry of its own (GET /metrics on
 * INGEST_METRICS_PORT). Counts come from each applied batch's outcome (the stores
 * are wrapped, see instrumentEventStore); lag, per-partition progress and event time
 * come from the lag refresher, and conversion by model version from the conversion
 * refresher, never from the scrape. What "stalled" means is defined once, from lag and
 * progress, in measurement/partition-stall.ts.
 */
import { Counter, Gauge, Registry } from "prom-client";
import { REJECTION_REASONS } from "../shared/movielog/rejection.ts";
import type { EventStore } from "./event-store.ts";
import type { IngestCounts } from "./ingest-counts.ts";
import type { VersionConversion } from "./ingest-metrics-conversion.ts";
import type { PartitionLag } from "./ingest-metrics-lag.ts";
import { TelemetryRejectionReason } from "../shared/telemetry/index.ts";
import type { TelemetryCounts } from "./telemetry-counts.ts";
import type { TelemetryStore } from "./telemetry-store.ts";

/** The `kind` label of telemetry messages (movielog lines carry their event kind). */
export const TELEMETRY_KIND = "telemetry";

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

/** Creates the metrics; `/metrics` renders `registry`. */
export function createIngestMetrics() {
  const registry = new Registry();
  const registers = [registry];
  const lines = new Counter({ name: "ingest_lines_total", help: "Lines or messages read (after the checkpoint filter), by topic", labelNames: ["topic"] as const, registers });
  const accepted = new Counter({
    name: "ingest_accepted_total",
    help: "Events stored, by topic and kind (watch, rate, recommendation; telemetry)",
    labelNames: ["topic", "kind"] as const,
    registers,
  });
  // The name predates the quarantine and dashboards query it; `topic` is the source.
  const rejected = new Counter({
    name: "ingest_rejected_total",
    help: "Records quarantined (set aside with a reason, never stored as events), by source topic and reason",
    labelNames: ["topic", "reason"] as const,
    registers,
  });
  const duplicates = new Counter({ name: "ingest_duplicates_total", help: "Events already stored (or twice in a batch), by topic", labelNames: ["topic"] as const, registers });
  const lag = new Gauge({
    name: "ingest_consumer_lag",
    help: "Messages behind: the partition's high watermark minus the stored checkpoint",
    labelNames: ["topic", "partition"] as const,
    registers,
  });
  const eventTime = new Gauge({
    name: "ingest_last_event_time_seconds",
    help: "Latest event time applied (stored checkpoint watermark), Unix seconds, by topic",
    labelNames: ["topic"] as const,
    registers,
  });
  const nextOffset = new Gauge({
    name: "ingest_partition_next_offset",
    help: "The partition's stored checkpoint (next offset to apply); it stands still while the partition does not advance",
    labelNames: ["topic", "partition"] as const,
    registers,
  });
  const progressTime = new Gauge({
    name: "ingest_partition_progress_time_seconds",
    help: "When an applied batch last moved the partition's stored checkpoint (ingest_checkpoints.updated_at, wall clock), Unix seconds",
    labelNames: ["topic", "partition"] as const,
    registers,
  });
  const refreshed = new Gauge({ name: "ingest_lag_refreshed_time_seconds", help: "When lag was last refreshed, Unix seconds, by topic", labelNames: ["topic"] as const, registers });
  const knownPartitions = new Map<string, string[]>();
  const refreshFailures = new Counter({ name: "ingest_lag_refresh_failures_total", help: "Lag refreshes that failed (Kafka or Postgres unreachable), by topic", labelNames: ["topic"] as const, registers });
  const conversion = new Gauge({
    name: "recommendation_conversion_ratio",
    help: "Share of judged lists (last stream hour at least one conversion window old) followed by a watch of a recommended movie within the window, by model version",
    labelNames: ["model_version"] as const,
    registers,
  });
  const judgedLists = new Gauge({
    name: "recommendation_conversion_lists",
    help: "Lists judged for recommendation_conversion_ratio, by model version",
    labelNames: ["model_version"] as const,
    registers,
  });
  const conversionRefreshed = new Gauge({ name: "ingest_conversion_refreshed_time_seconds", help: "When conversion was last refreshed, Unix seconds", registers });
  const conversionFailures = new Counter({ name: "ingest_conversion_refresh_failures_total", help: "Conversion refreshes that failed (Postgres unreachable or a malformed row)", registers });

  return {
    registry,
    /**
     * Starts the topic's quarantine counters at zero for every reason it can have: a
     * series born at 1 is invisible to rate() and increase(), so without this the first
     * quarantine of a reason would never show on a graph or in an alert.
     */
    declareReasons(topic: string, reasons: readonly string[]) {
      for (const reason of reasons) rejected.inc({ topic, reason }, 0);
    },
    /** Adds one movielog batch's outcome. */
    recordMovielog(topic: string, outcome: IngestCounts) {
      lines.inc({ topic }, outcome.lines);
      for (const [kind, n] of Object.entries(outcome.accepted)) accepted.inc({ topic, kind }, n);
      for (const [reason, n] of Object.entries(outcome.rejected)) rejected.inc({ topic, reason }, n ?? 0);
      duplicates.inc({ topic }, outcome.duplicates);
    },
    /** Adds one telemetry batch's outcome. */
    recordTelemetry(topic: string, counts: TelemetryCounts) {
      lines.inc({ topic }, counts.messages);
      accepted.inc({ topic, kind: TELEMETRY_KIND }, counts.accepted);
      for (const [reason, n] of Object.entries(counts.quarantined)) rejected.inc({ topic, reason }, n ?? 0);
      duplicates.inc({ topic }, counts.duplicates);
    },
    /**
     * Replaces the topic's per-partition series, lag and stored progress (partitions that
     * vanished are dropped; one without a checkpoint has lag only), and its event time.
     */
    setLag(topic: string, partitions: readonly PartitionLag[], lastEventTimeMs: number | null, nowMs: number) {
      for (const partition of knownPartitions.get(topic) ?? []) {
        for (const gauge of [lag, nextOffset, progressTime]) gauge.remove({ topic, partition });
      }
      knownPartitions.set(topic, partitions.map((p) => String(p.partition)));
      for (const p of partitions) {
        const labels = { topic, partition: String(p.partition) };
        lag.set(labels, p.lag);
        if (p.nextOffset !== null) nextOffset.set(labels, p.nextOffset);
        if (p.progressedAt !== null) progressTime.set(labels, p.progressedAt / 1000);
      }
      if (lastEventTimeMs !== null) eventTime.set({ topic }, lastEventTimeMs / 1000);
      refreshed.set({ topic }, nowMs / 1000);
    },
    lagRefreshFailed: (topic: string) => refreshFailures.inc({ topic }),
    /** Replaces every conversion series (versions without judged lists are dropped). */
    setConversion(versions: readonly VersionConversion[], nowMs: number) {
      conversion.reset();
      judgedLists.reset();
      for (const v of versions) {
        conversion.set({ model_version: v.modelVersion }, v.ratio);
        judgedLists.set({ model_version: v.modelVersion }, v.lists);
      }
      conversionRefreshed.set(nowMs / 1000);
    },
    conversionRefreshFailed: () => conversionFailures.inc(),
  };
}

/** The same store, counting each applied batch into `metrics` (every movielog reason from zero). */
export function instrumentEventStore(store: EventStore, metrics: IngestMetrics, topic: string): EventStore {
  metrics.declareReasons(topic, REJECTION_REASONS);
  return {
    checkpoints: (key) => store.checkpoints(key),
    async applyBatch(batch) {
      const outcome = await store.applyBatch(batch);
      metrics.recordMovielog(topic, outcome);
      return outcome;
    },
  };
}

/** The same store, counting each applied batch into `metrics` (every telemetry reason from zero). */
export function instrumentTelemetryStore(store: TelemetryStore, metrics: IngestMetrics, topic: string): TelemetryStore {
  metrics.declareReasons(topic, TelemetryRejectionReason.options);
  return {
    checkpoints: (key) => store.checkpoints(key),
    async applyBatch(batch) {
      const counts = await store.applyBatch(batch);
      metrics.recordTelemetry(topic, counts);
      return counts;
    },
  };
}
