import { expect, test } from "bun:test";
import { ExperimentReportInput } from "./experiment-report-input.ts";
import { TWO_ARM } from "./testing/report-fixtures.ts";

const row = {
  userId: "u1",
  variant: "control",
  exposures: 3,
  requests: 2,
  conversions: 1,
  watchMinutes: 40,
  ratingSum: 4,
  ratingCount: 1,
  latencyMsMean: 110,
  answers: 2,
  preConversion: 0.5,
  preWatchMinutes: 30,
  firstExposureAt: 1_790_000_000_000,
};
const messages = (value: unknown) => {
  const r = ExperimentReportInput.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

test("ExperimentReportInput fills the documented defaults", () => {
  const parsed = ExperimentReportInput.parse({ experiment: TWO_ARM, users: [row] });
  expect(parsed.experiment.alpha).toBe(0.05);
  expect(parsed.experiment.plannedUsers).toBe(10_000);
  expect(parsed.experiment.targetLift).toBe(0.05);
  expect(parsed.experiment.targetPower).toBe(0.8);
  expect(parsed.experiment.equivalenceMargin).toBeNull();
  expect(parsed.experiment.guardrailAlpha).toBe(0.05);
  expect(parsed.experiment.guardrailMargins).toEqual({});
  expect(parsed.experiment.observationWindowMs).toBe(7 * 86_400_000);
  expect(parsed.users[0].windowClosed).toBe(true);
});

test("ExperimentReportInput refuses an equivalence margin that is not a relative lift in (0, 1)", () => {
  expect(messages({ experiment: { ...TWO_ARM, equivalenceMargin: 1.5 }, users: [] })).toHaveLength(1);
  expect(messages({ experiment: { ...TWO_ARM, equivalenceMargin: 0.1 }, users: [] })).toEqual([]);
  expect(messages({ experiment: { ...TWO_ARM, guardrailMargins: { latency_ms: 2 } }, users: [] })).toHaveLength(1);
});

test("ExperimentReportInput rejects an unknown control, an unknown variant and a repeated user", () => {
  expect(messages({ experiment: { ...TWO_ARM, controlVariant: "ctrl" }, users: [] })).toEqual([
    "controlVariant must be one of control, treatment: current value is ctrl",
  ]);
  expect(messages({ experiment: TWO_ARM, users: [{ ...row, variant: "other" }] })).toEqual([
    "unknown variant other for user u1",
  ]);
  expect(messages({ experiment: TWO_ARM, users: [row, row] })).toEqual([
    "user u1 appears more than once",
  ]);
});

test("ExperimentReportInput rejects more conversions than requests and an unknown metric", () => {
  expect(messages({ experiment: TWO_ARM, users: [{ ...row, conversions: 3 }] })[0]).toStartWith(
    "conversions must not exceed requests",
  );
  expect(messages({ experiment: { ...TWO_ARM, primaryMetric: "clicks" }, users: [] })).toHaveLength(
    1,
  );
});
