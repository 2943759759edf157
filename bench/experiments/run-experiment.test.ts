import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";
import { ReportExperiment } from "../../experiments/report/experiment-report-input.ts";
import { activityWeights } from "../canary/traffic/activity-weights.ts";
import { aliasTable } from "../canary/traffic/alias-table.ts";
import { EXPERIMENT_SCENARIOS, EXPERIMENT_TRAFFIC } from "./experiment-scenarios.ts";
import { experimentSimulator } from "./run-experiment.ts";

const variants = [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }];

test("experimentSimulator() reads one report a day and repeats itself for a seed", () => {
  const traffic = { ...EXPERIMENT_TRAFFIC, users: 2_000 };
  const run = experimentSimulator({
    scenario: { name: "aa_small", summary: "a small A/A", traffic },
    activity: aliasTable(activityWeights(traffic.users, traffic.activity, mulberry32(1))),
    assignment: { key: "small", seed: "small", coverage: 1, status: "running", variants },
    design: ReportExperiment.parse({ key: "small", hypothesis: "none", layer: "test", variants, controlVariant: "control", primaryMetric: "conversion", guardrailMetrics: ["latency_ms"] }),
    conversionWindowMs: DEFAULT_CONVERSION_WINDOW_MS,
    days: 3,
  });
  const first = run(5);
  expect(Object.values(first.verdicts).reduce((s, n) => s + (n ?? 0), 0)).toBe(3);
  expect(first.stopped).toBe((first.verdicts["stop: guardrail harmed"] ?? 0) > 0);
  expect(run(5)).toEqual(first);
});

test("experiment scenarios are the five A/A noises, by unique names", () => {
  expect(EXPERIMENT_SCENARIOS.map((s) => s.name)).toEqual([
    "aa_heavy_latency", "aa_clustered_failures", "aa_low_base_rate", "aa_unequal_activity", "aa_bursty",
  ]);
});
