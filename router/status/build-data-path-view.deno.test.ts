import assert from "node:assert/strict";
import { PARTITION_STALL_WINDOW_MS } from "../../measurement/partition-stall.ts";
import { buildDataPathView, partitionState } from "./build-data-path-view.ts";
import { sampleSnapshot, STALLED_PARTITION, T0 } from "./testing/sample-status-snapshot.ts";

const MINUTE = 60_000;
const { dataPath } = sampleSnapshot();

Deno.test("buildDataPathView() shows each partition's state, lag, last progress and what the state means", () => {
  const view = buildDataPathView(dataPath, T0, T0);
  assert.deepEqual(view.partitions.map((p) => [p.topic, p.partition, p.state, p.lag, p.lastProgressAt, p.detail]), [
    ["movielog", 0, "caught_up", 0, T0 - 6000, "Caught up."],
    ["movielog", 1, "stalled", 7, T0 - 20 * MINUTE, "Stalled: 7 messages waiting for 11 min 55 s, checkpoint 120 unmoved for 19 min 55 s."],
    ["telemetry", 0, "unmeasured", 7, T0 - 20 * MINUTE, "Not sampled since 2024-05-01 11:00:00 UTC (1 h ago): is ingestion running?"],
  ]);
  assert.equal(view.stallWindowMs, PARTITION_STALL_WINDOW_MS);
  assert.equal(view.partitionsNote, null);
});

Deno.test("partitionState() takes ingestion's verdict while the sample is current, and says unmeasured after one stall window", () => {
  const measured = STALLED_PARTITION.measuredAt;
  assert.equal(partitionState(STALLED_PARTITION, measured + PARTITION_STALL_WINDOW_MS), "stalled");
  assert.equal(partitionState(STALLED_PARTITION, measured + PARTITION_STALL_WINDOW_MS + 1), "unmeasured");
  // Lag without the verdict (not yet long enough, or moving) is behind, never stalled.
  assert.equal(partitionState({ ...STALLED_PARTITION, stalled: false }, measured), "behind");
  assert.equal(partitionState({ ...STALLED_PARTITION, stalled: false, lag: 0 }, measured), "caught_up");
});

Deno.test("buildDataPathView() totals the last hour's quarantines by reason", () => {
  const { quarantine } = buildDataPathView(dataPath, T0, T0);
  assert.deepEqual(quarantine, {
    from: T0 - 60 * MINUTE,
    to: T0,
    total: 6,
    counts: [{ source: "kafka:movielog", reason: "malformed", count: 5 }, { source: "kafka:telemetry", reason: "bad_signature", count: 1 }],
  });
});

Deno.test("buildDataPathView() sets the stream clock against the wall clock of the read, ahead, behind or level", () => {
  const ahead = buildDataPathView(dataPath, T0, T0 + 10_000).clock;
  assert.deepEqual(ahead, {
    streamAt: T0 + 30 * 24 * 60 * MINUTE,
    wallAt: T0,
    aheadMs: 30 * 24 * 60 * MINUTE,
    text: "Stream clock 2024-05-31 12:00:00 UTC, 30 d ahead of the wall clock: " +
      "the stream's time runs faster than real time, as in a sped-up simulation.",
  });
  const behind = buildDataPathView({ ...dataPath, streamClock: T0 - 90_000 }, T0, T0).clock;
  assert.equal(behind.aheadMs, -90_000);
  assert.match(behind.text, /^Stream clock 2024-05-01 11:58:30 UTC, 1 min 30 s behind the wall clock: the newest event ingested is that old/);
  assert.match(buildDataPathView({ ...dataPath, streamClock: T0 + 400 }, T0, T0).clock.text, /level with the wall clock\.$/);
  assert.deepEqual(buildDataPathView({ ...dataPath, streamClock: null }, T0, T0).clock, {
    streamAt: null,
    wallAt: T0,
    aheadMs: null,
    text: "No stream event stored yet: the stream has no clock.",
  });
});

Deno.test("buildDataPathView() says why no partition is listed before ingestion sampled any", () => {
  const view = buildDataPathView({ ...dataPath, partitions: [] }, T0, T0);
  assert.deepEqual(view.partitions, []);
  assert.match(view.partitionsNote ?? "", /^Ingestion has recorded no partition yet/);
});
