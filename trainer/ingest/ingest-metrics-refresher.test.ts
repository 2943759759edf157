import { expect, test } from "bun:test";
import { createLogger } from "../../infra/log/logger.ts";
import { createIngestMetrics } from "./ingest-metrics.ts";
import { startLagRefresher } from "./ingest-metrics-refresher.ts";

const log = createLogger("test", () => {});
const samples = async (metrics: ReturnType<typeof createIngestMetrics>) =>
  (await metrics.registry.metrics()).split("\n").filter((l) => l !== "" && !l.startsWith("#")).sort();

test("startLagRefresher() sets lag per topic and counts a failing topic without blanking the other", async () => {
  const metrics = createIngestMetrics();
  const refresher = startLagRefresher({
    topics: [{ topic: "movielog", groupId: "movielog-ingest" }, { topic: "telemetry", groupId: "telemetry-ingest" }],
    metrics,
    fetchOffsets: (topic) => topic === "movielog" ? Promise.resolve([{ partition: 0, low: 0, high: 12 }]) : Promise.reject(new Error("unknown topic")),
    readProgress: () => Promise.resolve(new Map([[0, { nextOffset: 10, watermark: 5_000 }]])),
    intervalMs: 60_000,
    now: () => 9_000,
    log,
  });
  await refresher.first;
  refresher.stop();
  expect(await samples(metrics)).toEqual([
    'ingest_consumer_lag{topic="movielog",partition="0"} 2',
    'ingest_lag_refresh_failures_total{topic="telemetry"} 1',
    'ingest_lag_refreshed_time_seconds{topic="movielog"} 9',
    'ingest_last_event_time_seconds{topic="movielog"} 5',
  ]);
});
