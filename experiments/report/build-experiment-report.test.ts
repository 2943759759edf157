import { describe, expect, test } from "bun:test";
import { buildExperimentReport } from "./build-experiment-report.ts";
import { ExperimentReportInput } from "./experiment-report-input.ts";
import { simulateUsers } from "./testing/simulate-users.ts";
import { TWO_ARM, twoArmInput } from "./testing/report-fixtures.ts";

describe("buildExperimentReport() on A/A data", () => {
  // Both arms from the same distribution: the verdict must not claim a difference.
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`concludes "no detectable difference" for seed ${seed}`, () => {
      const report = buildExperimentReport(twoArmInput(seed));
      expect(report.srm.mismatch).toBe(false);
      expect(report.conclusion.verdict).toBe("no detectable difference");
    });
  }

  test("flags any metric in at most 8 of 100 seeded A/A runs (Holm keeps the family-wise rate at 5%)", () => {
    // Without Holm, four metrics at 5% each would flag about 18 of 100 runs; with it the expected
    // count is at most 5, and 8 leaves room for binomial noise (P(X > 8 | p = 0.05) = 0.06).
    let flagged = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const report = buildExperimentReport(twoArmInput(seed, {}, 1000, 1000));
      if (report.comparisons.some((c) => c.effect !== "none")) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(8);
  });
});

test("buildExperimentReport() ships a treatment that raises conversion by 25%", () => {
  const report = buildExperimentReport(twoArmInput(1, { conversionFactor: 1.25 }));
  expect(report.conclusion.verdict).toBe("ship");
  expect(report.conclusion.treatment).toBe("treatment");
  const primary = report.comparisons.find((c) => c.metric === "conversion")!;
  expect(primary.effect).toBe("better");
  expect(primary.sequence!.lower).toBeGreaterThan(0);
  // The always-valid interval pays for peeking with width: it contains the fixed-sample one.
  expect(primary.sequence!.lower).toBeLessThan(primary.ci![0]);
  expect(primary.sequence!.upper).toBeGreaterThan(primary.ci![1]);
});

test("buildExperimentReport() flags a 60/40 split under 50/50 weights before anything else", () => {
  const report = buildExperimentReport(twoArmInput(3, { conversionFactor: 1.25 }, 1200, 800));
  expect(report.srm.observed).toEqual([1200, 800]);
  expect(report.srm.pValue).toBeLessThan(0.001);
  expect(report.conclusion.verdict).toBe("check assignment: SRM");
  expect(report.primary.srm_p).toBe(report.srm.pValue);
});

test("buildExperimentReport() stops a treatment whose latency guardrail is significantly worse", () => {
  const report = buildExperimentReport(twoArmInput(1, { conversionFactor: 1.25, latencyMs: 130 }));
  expect(report.conclusion.verdict).toBe("stop: guardrail harmed");
  expect(report.conclusion.reason).toContain("latency_ms");
  const latency = report.comparisons.find((c) => c.metric === "latency_ms")!;
  expect(latency.role).toBe("guardrail");
  expect(latency.effect).toBe("worse");
});

test("buildExperimentReport() puts the primary metric's headline fields in the report object", () => {
  const report = buildExperimentReport(twoArmInput(1, { conversionFactor: 1.25 }));
  const primary = report.comparisons.find((c) => c.metric === "conversion")!;
  expect(report.primary).toEqual({
    metric: "conversion",
    srm_p: report.srm.pValue,
    users: { control: 2000, treatment: 2000 },
    treatment: "treatment",
    difference: primary.difference,
    lift: primary.lift,
    ci: [primary.ci![0], primary.ci![1]],
    p_value: primary.pValue,
    holm_p_value: primary.holmPValue,
    conclusion: "ship",
  });
});

test("buildExperimentReport() applies Holm over every metric × treatment and CUPED where a covariate exists", () => {
  const report = buildExperimentReport(twoArmInput(2, { conversionFactor: 1.1 }));
  const ps = report.comparisons.map((c) => c.pValue!);
  const smallest = Math.min(...ps);
  const atSmallest = report.comparisons.find((c) => c.pValue === smallest)!;
  expect(report.comparisons).toHaveLength(4);
  expect(atSmallest.holmPValue).toBeCloseTo(Math.min(1, 4 * smallest), 12);
  const watch = report.comparisons.find((c) => c.metric === "watch_minutes")!;
  // Engagement drives both pre and post minutes in the simulation, so CUPED must remove variance.
  expect(watch.cuped!.varianceReduction).toBeGreaterThan(0.1);
  expect(report.comparisons.find((c) => c.metric === "rating")!.cuped).toBeNull();
});

test("buildExperimentReport() compares every treatment of a three-arm experiment against control", () => {
  const users = simulateUsers(5, [{ key: "control", users: 900 }, { key: "a", users: 900 }, {
    key: "b",
    users: 900,
  }]);
  const experiment = {
    ...TWO_ARM,
    variants: [{ key: "control", weight: 1 }, { key: "a", weight: 1 }, { key: "b", weight: 1 }],
  };
  const report = buildExperimentReport(ExperimentReportInput.parse({ experiment, users }));
  expect(
    report.comparisons.map((c) => `${c.metric}:${c.treatment}`).filter((k) =>
      k.startsWith("conversion")
    ),
  ).toEqual([
    "conversion:a",
    "conversion:b",
  ]);
  expect(report.srm.df).toBe(2);
  expect(report.primary.users).toEqual({ control: 900, a: 900, b: 900 });
});
