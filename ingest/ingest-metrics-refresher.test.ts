import { expect, test } from "bun:test";
import { createLogger } from "../infra/log/logger.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import type { JudgedList } from "./ingest-metrics-conversion.ts";
import { startConversionRefresher, startLagRefresher } from "./ingest-metrics-refresher.ts";

const log = createLogger("test", () => {});
/** Sorted sample lines matching `series`. */
const samples = async (metrics: ReturnType<typeof createIngestMetrics>, series: RegExp) =>
  (await metrics.registry.metrics()).split("\n").filter((l) => series.test(l)).sort();

test("startLagRefresher() sets lag and stored progress per topic and counts a failing topic without blanking the other", async () => {
  const metrics = createIngestMetrics();
  const refresher = startLagRefresher({
    topics: [{ topic: "movielog", groupId: "movielog-ingest" }, { topic: "telemetry", groupId: "telemetry-ingest" }],
    metrics,
    fetchOffsets: (topic) => topic === "movielog" ? Promise.resolve([{ partition: 0, low: 0, high: 12 }]) : Promise.reject(new Error("unknown topic")),
    readProgress: () => Promise.resolve(new Map([[0, { nextOffset: 10, watermark: 5_000, progressedAt: 8_000 }]])),
    intervalMs: 60_000,
    now: () => 9_000,
    log,
  });
  await refresher.first;
  refresher.stop();
  expect(await samples(metrics, /^ingest_(?!conversion_)/)).toEqual([
    'ingest_consumer_lag{topic="movielog",partition="0"} 2',
    'ingest_lag_refresh_failures_total{topic="telemetry"} 1',
    'ingest_lag_refreshed_time_seconds{topic="movielog"} 9',
    'ingest_last_event_time_seconds{topic="movielog"} 5',
    'ingest_partition_next_offset{topic="movielog",partition="0"} 10',
    'ingest_partition_progress_time_seconds{topic="movielog",partition="0"} 8',
  ]);
});

test("startConversionRefresher() sets conversion by version, then keeps the last values and counts a failed refresh", async () => {
  const metrics = createIngestMetrics();
  const lists: JudgedList[] = [
    { time: 1000, userId: 1, items: ["a"], converted: true, answers: [{ time: 900, userId: 1, pool: "stable", modelVersion: "m1", fallback: false, items: ["a"] }] },
    { time: 2000, userId: 2, items: ["b"], converted: false, answers: [] },
  ];
  // The third read starts only once the second (failed) refresh is done; it never settles.
  let reads = 0;
  let clock = 60_000;
  let thirdRead = () => {};
  const thirdStarted = new Promise<void>((resolve) => thirdRead = resolve);
  const readLists = () => {
    reads += 1;
    if (reads === 1) return Promise.resolve(lists);
    clock = 120_000;
    if (reads === 2) return Promise.reject(new Error("connection refused"));
    thirdRead();
    return new Promise<JudgedList[]>(() => {});
  };
  const refresher = startConversionRefresher({ metrics, readLists, intervalMs: 1, now: () => clock, log });
  await thirdStarted;
  refresher.stop();
  expect(await samples(metrics, /^(ingest|recommendation)_conversion_/)).toEqual([
    "ingest_conversion_refresh_failures_total 1",
    "ingest_conversion_refreshed_time_seconds 60",
    'recommendation_conversion_lists{model_version="m1"} 1',
    'recommendation_conversion_lists{model_version="unattributed"} 1',
    'recommendation_conversion_ratio{model_version="m1"} 1',
    'recommendation_conversion_ratio{model_version="unattributed"} 0',
  ]);
});
