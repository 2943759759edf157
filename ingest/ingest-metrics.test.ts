import { expect, test } from "bun:test";
import { REJECTION_REASONS } from "../shared/movielog/rejection.ts";
import { createIngestMetrics, instrumentEventStore, instrumentTelemetryStore } from "./ingest-metrics.ts";
import { createMemoryEventStore } from "./memory-event-store.ts";
import { TelemetryRejectionReason } from "../shared/telemetry/index.ts";
import type { TelemetryStore } from "./telemetry-store.ts";

/** The sample lines of `text` (no HELP/TYPE), sorted. */
const allSamples = (text: string) => text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).sort();
/** The same without conversion's unlabelled series, which are always present and tested on their own. */
const samples = (text: string) => allSamples(text).filter((l) => !l.startsWith("ingest_conversion_"));

test("recordMovielog() counts lines by kind, quarantines by reason and duplicates", async () => {
  const metrics = createIngestMetrics();
  metrics.recordMovielog("movielog", {
    lines: 9,
    accepted: { watch: 2, rate: 1, recommendation: 0 },
    rejected: { truncated: 1, empty_line: 1, store_refused: 1, too_many_items: 2 },
    duplicates: 1,
  });
  expect(samples(await metrics.registry.metrics())).toEqual([
    'ingest_accepted_total{topic="movielog",kind="rate"} 1',
    'ingest_accepted_total{topic="movielog",kind="recommendation"} 0',
    'ingest_accepted_total{topic="movielog",kind="watch"} 2',
    'ingest_duplicates_total{topic="movielog"} 1',
    'ingest_lines_total{topic="movielog"} 9',
    'ingest_rejected_total{topic="movielog",reason="empty_line"} 1',
    'ingest_rejected_total{topic="movielog",reason="store_refused"} 1',
    'ingest_rejected_total{topic="movielog",reason="too_many_items"} 2',
    'ingest_rejected_total{topic="movielog",reason="truncated"} 1',
  ]);
});

test("recordTelemetry() counts accepted messages under the telemetry kind and quarantines by reason", async () => {
  const metrics = createIngestMetrics();
  metrics.recordTelemetry("telemetry", { messages: 4, accepted: 2, quarantined: { not_json: 1 }, duplicates: 1, skipped: 0 });
  expect(samples(await metrics.registry.metrics())).toEqual([
    'ingest_accepted_total{topic="telemetry",kind="telemetry"} 2',
    'ingest_duplicates_total{topic="telemetry"} 1',
    'ingest_lines_total{topic="telemetry"} 4',
    'ingest_rejected_total{topic="telemetry",reason="not_json"} 1',
  ]);
});

test("setLag() replaces a topic's partitions and sets event and refresh times in seconds", async () => {
  const metrics = createIngestMetrics();
  metrics.setLag("movielog", [
    { partition: 0, lag: 5, nextOffset: 10, progressedAt: 1_700_000_001_000 },
    { partition: 1, lag: 7, nextOffset: 20, progressedAt: 1_700_000_002_000 },
  ], 1_700_000_000_000, 1_700_000_060_000);
  metrics.setLag("movielog", [{ partition: 1, lag: 3, nextOffset: 24, progressedAt: 1_700_000_063_500 }], null, 1_700_000_065_000);
  metrics.lagRefreshFailed("telemetry");
  expect(samples(await metrics.registry.metrics())).toEqual([
    'ingest_consumer_lag{topic="movielog",partition="1"} 3',
    'ingest_lag_refresh_failures_total{topic="telemetry"} 1',
    'ingest_lag_refreshed_time_seconds{topic="movielog"} 1700000065',
    'ingest_last_event_time_seconds{topic="movielog"} 1700000000',
    'ingest_partition_next_offset{topic="movielog",partition="1"} 24',
    'ingest_partition_progress_time_seconds{topic="movielog",partition="1"} 1700000063.5',
  ]);
});

test("setLag() reports lag without stored progress for a partition that has no checkpoint yet", async () => {
  const metrics = createIngestMetrics();
  metrics.setLag("telemetry", [{ partition: 0, lag: 4, nextOffset: null, progressedAt: null }], null, 1_700_000_000_000);
  expect(samples(await metrics.registry.metrics())).toEqual([
    'ingest_consumer_lag{topic="telemetry",partition="0"} 4',
    'ingest_lag_refreshed_time_seconds{topic="telemetry"} 1700000000',
  ]);
});

test("instrumentEventStore() counts each applied batch and returns its outcome unchanged", async () => {
  const metrics = createIngestMetrics();
  const store = instrumentEventStore(createMemoryEventStore({ lateToleranceMs: 60_000 }), metrics, "movielog");
  const outcome = await store.applyBatch({
    source: "kafka:movielog",
    checkpoint: null,
    lines: [
      { raw: "2023-02-08T03:00:00,1,GET /rate/akira+1988=4", partition: 0, position: 0 },
      { raw: "", partition: 0, position: 1 },
    ],
  });
  expect(outcome.accepted).toEqual({ watch: 0, rate: 1, recommendation: 0 });
  const text = await metrics.registry.metrics();
  expect(samples(text).filter((l) => l.startsWith("ingest_rejected") || l.startsWith("ingest_lines"))).toEqual([
    'ingest_lines_total{topic="movielog"} 2',
    ...REJECTION_REASONS.map((reason) => `ingest_rejected_total{topic="movielog",reason="${reason}"} ${reason === "empty_line" ? 1 : 0}`).sort(),
  ]);
});

test("instrumentTelemetryStore() counts each applied batch and passes checkpoints through", async () => {
  const metrics = createIngestMetrics();
  const fake: TelemetryStore = {
    applyBatch: () => Promise.resolve({ messages: 3, accepted: 3, quarantined: {}, duplicates: 0, skipped: 0 }),
    checkpoints: () => Promise.resolve(new Map([[0, 3]])),
  };
  const store = instrumentTelemetryStore(fake, metrics, "telemetry");
  const key = { consumer: "telemetry-ingest", clusterId: "c", topic: "telemetry", partition: 0 };
  await store.applyBatch({ checkpoint: key, lines: [] });
  expect(await store.checkpoints(key)).toEqual(new Map([[0, 3]]));
  expect(samples(await metrics.registry.metrics())).toContain('ingest_accepted_total{topic="telemetry",kind="telemetry"} 3');
});

test("instrumentTelemetryStore() starts every telemetry quarantine reason at zero before the first batch", async () => {
  const metrics = createIngestMetrics();
  const fake: TelemetryStore = { applyBatch: () => Promise.reject(new Error("unused")), checkpoints: () => Promise.resolve(new Map()) };
  instrumentTelemetryStore(fake, metrics, "telemetry");
  expect(samples(await metrics.registry.metrics()).filter((l) => l.startsWith("ingest_rejected"))).toEqual(
    TelemetryRejectionReason.options.map((reason) => `ingest_rejected_total{topic="telemetry",reason="${reason}"} 0`).sort(),
  );
});

test("setConversion() replaces every version's ratio and judged lists, and sets the refresh time in seconds", async () => {
  const metrics = createIngestMetrics();
  metrics.setConversion([
    { modelVersion: "m1", lists: 4, converted: 1, ratio: 0.25 },
    { modelVersion: "unattributed", lists: 2, converted: 0, ratio: 0 },
  ], 1_700_000_000_000);
  metrics.setConversion([{ modelVersion: "m2", lists: 5, converted: 2, ratio: 0.4 }], 1_700_000_060_000);
  metrics.conversionRefreshFailed();
  expect(allSamples(await metrics.registry.metrics()).filter((l) => /conversion/.test(l))).toEqual([
    "ingest_conversion_refresh_failures_total 1",
    "ingest_conversion_refreshed_time_seconds 1700000060",
    'recommendation_conversion_lists{model_version="m2"} 5',
    'recommendation_conversion_ratio{model_version="m2"} 0.4',
  ]);
});
