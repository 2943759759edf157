import assert from "node:assert/strict";
import { buildModelsView, trainingOutcome } from "./build-models-view.ts";
import { sampleSnapshot, T0 } from "./testing/sample-status-snapshot.ts";

const HOUR = 3_600_000;
const { models } = sampleSnapshot();

Deno.test("buildModelsView() shows the production model with its training data, and the last refresh", () => {
  const view = buildModelsView(models);
  assert.deepEqual(view.production, {
    version: "als-1",
    trainedAt: T0 - 26 * HOUR,
    promotedAt: T0 - 25 * HOUR,
    data: { snapshotId: "snap-a", rows: { watch: 900, ratings: 100 }, to: T0 - 27 * HOUR },
  });
  assert.deepEqual(view.lastRefresh, {
    snapshotId: "snap-b",
    at: T0 - 2 * HOUR - 30_000,
    cutoff: T0 - 2 * HOUR - 60_000,
    dataTo: T0 - 3 * HOUR,
    rows: { watch: 950, ratings: 110 },
  });
});

Deno.test("buildModelsView() shows the last training with its outcome and the gate's verdicts newest first", () => {
  const view = buildModelsView(models);
  assert.deepEqual(view.lastTraining, {
    version: "als-2",
    trainedAt: T0 - 2 * HOUR,
    status: "rejected",
    passed: false,
    metric: "ndcg",
    reasons: ["ndcg 0.0100 is not better than the popularity ranking's 0.0200"],
    outcome: "rejected by the offline gate (ndcg 0.0100 is not better than the popularity ranking's 0.0200); not released.",
  });
  assert.deepEqual(view.verdicts.map((v) => [v.version, v.status, v.passed]), [["als-2", "rejected", false], ["als-1", "production", true]]);
});

Deno.test("buildModelsView() of an empty registry has no production model, refresh or training", () => {
  assert.deepEqual(buildModelsView({ production: null, recent: [], latestData: null }), {
    production: null,
    lastRefresh: null,
    lastTraining: null,
    verdicts: [],
  });
});

Deno.test("trainingOutcome() says when no gate verdict was recorded", () => {
  const [, production] = models.recent;
  assert.equal(trainingOutcome(production), "passed the offline gate; in production.");
  assert.equal(trainingOutcome({ ...production, status: "registered", gate: null }), "no offline gate verdict recorded; not released.");
});
