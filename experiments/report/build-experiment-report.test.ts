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

  test("flags a single-look difference in at most 8 of 100 seeded A/A runs (Holm keeps the family-wise rate at 5%)", () => {
    // Without Holm, four metrics at 5% each would flag about 18 of 100 runs; with it the expected
    // count is at most 5, and 8 leaves room for binomial noise (P(X > 8 | p = 0.05) = 0.06).
    let flagged = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const report = buildExperimentReport(twoArmInput(seed, {}, 1000, 1000));
      if (report.comparisons.some((c) => c.holmPValue !== null && c.holmPValue < 0.05)) flagged++;
    }
    expect(flagged).toBeLessThanOrEqual(8);
  }, 60_000);
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

test("buildExperimentReport() stops a treatment whose latency guardrail is worse beyond its 5% margin", () => {
  const report = buildExperimentReport(twoArmInput(1, { conversionFactor: 1.25, latencyMs: 130 }));
  expect(report.conclusion.verdict).toBe("stop: guardrail harmed");
  expect(report.conclusion.reason).toContain("latency_ms");
  const latency = report.comparisons.find((c) => c.metric === "latency_ms")!;
  expect(latency.role).toBe("guardrail");
  expect(latency.effect).toBe("worse");
  expect(latency.margin).toBe(0.05);
  expect(latency.sequence!.liftLower).toBeGreaterThan(0.05);
});

test("buildExperimentReport() gives guardrails their own alpha: adding them leaves the primary's sequence unchanged", () => {
  const input = twoArmInput(2, { conversionFactor: 1.1 });
  const none = buildExperimentReport({ ...input, experiment: { ...input.experiment, guardrailMetrics: [] } });
  const two = buildExperimentReport(input);
  const primary = (r: typeof two) => r.comparisons.find((c) => c.metric === "conversion")!;
  expect(primary(two).sequence).toEqual(primary(none).sequence);
  expect(primary(two).sequenceHolmPValue).toBe(primary(none).sequenceHolmPValue);
  expect(two.comparisons.filter((c) => c.role === "guardrail").every((c) => c.sequenceHolmPValue === null)).toBe(true);
});

test("buildExperimentReport() tolerates guardrail harm within its margin, and honours a stricter one", () => {
  // 122 ms against 120: 1.7% slower, inside the default 5% margin once the interval is tight enough.
  const input = twoArmInput(1, { conversionFactor: 1.25, latencyMs: 122 }, 4000, 4000);
  expect(buildExperimentReport(input).conclusion.verdict).toBe("ship");
  const strict = { ...input, experiment: { ...input.experiment, guardrailMargins: { latency_ms: 0.001 } } };
  expect(buildExperimentReport(strict).conclusion.verdict).toBe("stop: guardrail harmed");
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
    always_valid_lift_ci: [primary.sequence!.liftLower!, primary.sequence!.liftUpper!],
    always_valid_p_value: primary.sequenceHolmPValue,
    equivalence_margin: null,
    more_users: report.outlook.moreUsers,
    more_days: report.outlook.moreDays,
  });
});

test("buildExperimentReport() concludes equivalent on A/A data once the lift interval fits the declared margin", () => {
  const input = twoArmInput(4, {}, 4000, 4000);
  const wide = buildExperimentReport({ ...input, experiment: { ...input.experiment, equivalenceMargin: 0.02 } });
  expect(wide.conclusion.verdict).toBe("no detectable difference");
  expect(wide.conclusion.reason).toContain("equivalence within ±2% is not shown yet");
  const report = buildExperimentReport({ ...input, experiment: { ...input.experiment, equivalenceMargin: 0.25 } });
  expect(report.conclusion.verdict).toBe("equivalent");
  expect(report.primary.conclusion).toBe("equivalent");
  expect(report.primary.equivalence_margin).toBe(0.25);
  const [lower, upper] = report.primary.always_valid_lift_ci!;
  expect(lower).toBeGreaterThan(-0.25);
  expect(upper).toBeLessThan(0.25);
  expect(report.method.equivalence).toContain("±25%");
});

test("buildExperimentReport() decides only on users whose observation window has closed", () => {
  const input = twoArmInput(1, { conversionFactor: 1.25 });
  // The same strong effect, but no user's values are final yet: nothing may be concluded.
  const open = buildExperimentReport({ ...input, users: input.users.map((u) => ({ ...u, windowClosed: false })) });
  expect(open.conclusion.verdict).toBe("no detectable difference");
  expect(open.comparisons.every((c) => c.sequence === null)).toBe(true);
  expect(open.primary.p_value).toBeLessThan(0.001);
});

test("buildExperimentReport() says how many more users and days a conclusive answer needs", () => {
  const report = buildExperimentReport(twoArmInput(2, {}, 300, 300));
  const { outlook } = report;
  expect(report.conclusion.verdict).toBe("no detectable difference");
  expect(outlook.usersInSequence).toBe(600);
  expect(outlook.usersNeeded).toBeGreaterThan(600);
  expect(outlook.moreUsers).toBe(outlook.usersNeeded! - 600);
  // 600 users arrived over the span of first exposures (about 14 days): the rest take
  // moreUsers / (600 / span) days, plus one 7-day observation window for the last ones.
  const times = twoArmInput(2, {}, 300, 300).users.map((u) => u.firstExposureAt);
  const span = (Math.max(...times) - Math.min(...times)) / 86_400_000;
  expect(span).toBeGreaterThan(13);
  expect(outlook.moreDays!).toBeCloseTo(outlook.moreUsers! / (600 / span) + 7, 9);
  const primary = report.comparisons.find((c) => c.metric === "conversion")!;
  // Power at the planned 10,000 users is of the always-valid rule: below the fixed-sample test's.
  expect(primary.power).toBeGreaterThan(0);
  expect(primary.power).toBeLessThan(1);
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
