import { expect, test } from "bun:test";
import { ExperimentReportInput } from "../../experiments/report/experiment-report-input.ts";
import { BehaviourTotals, ExposureTotals, userRows } from "./user-totals.ts";

test("ExposureTotals enrols on status-200 answers only and averages latency over every answer", () => {
  const totals = new ExposureTotals(3);
  totals.add(1, 1, 100, 500, 30);
  totals.add(1, 1, 200, 200, 60);
  totals.add(1, 1, 300, 200, 90);
  totals.add(2, 0, 400, 500, 10);
  expect([...totals.exposures]).toEqual([0, 2, 0]);
  expect(totals.firstExposureAt[1]).toBe(200);
  expect(totals.latencySum[1] / totals.answers[1]).toBe(60);
  expect(totals.variant[1]).toBe(1);
  totals.clear();
  expect([...totals.exposures, ...totals.answers]).toEqual([0, 0, 0, 0, 0, 0]);
});

test("ExposureTotals counts latency only within the observation window after the first exposure", () => {
  const totals = new ExposureTotals(2, 1_000);
  totals.add(0, 0, 50, 500, 999); // before the first exposure: counted, the window has not started
  totals.add(0, 0, 100, 200, 10);
  totals.add(0, 0, 1_099, 200, 20);
  totals.add(0, 0, 1_100, 200, 5_000); // the window [100, 1 100) has closed
  expect([totals.answers[0], totals.latencySum[0], totals.exposures[0]]).toEqual([3, 1_029, 3]);
  expect([totals.inWindow(0, 1_099), totals.inWindow(0, 1_100), totals.inWindow(1, 0)]).toEqual([true, false, false]);
  const rows = userRows(totals, new BehaviourTotals(2), new BehaviourTotals(2), ["control", "treatment"], 1_099);
  expect(rows[0].windowClosed).toBe(false);
  expect(userRows(totals, new BehaviourTotals(2), new BehaviourTotals(2), ["control", "treatment"], 1_100)[0].windowClosed).toBe(true);
});

test("BehaviourTotals counts lists, conversions, minutes and only given ratings", () => {
  const totals = new BehaviourTotals(2);
  totals.add(0, true, 40, 4);
  totals.add(0, false, 0, 0);
  totals.add(0, true, 10, 0);
  expect({
    requests: totals.requests[0], conversions: totals.conversions[0], minutes: totals.watchMinutes[0],
    ratingSum: totals.ratingSum[0], ratingCount: totals.ratingCount[0],
  }).toEqual({ requests: 3, conversions: 2, minutes: 50, ratingSum: 4, ratingCount: 1 });
});

test("userRows() gives enrolled users only, in rows the report's own schema accepts", () => {
  const exposure = new ExposureTotals(4);
  const during = new BehaviourTotals(4);
  const before = new BehaviourTotals(4);
  exposure.add(0, 0, 1_000.4, 200, 40);
  exposure.add(1, 1, 2_000, 500, 700);
  exposure.add(2, 1, 3_000, 200, 50);
  during.add(0, true, 12.5, 5);
  before.add(0, false, 0, 0);
  before.add(0, true, 3, 0);
  const rows = userRows(exposure, during, before, ["control", "treatment"]);
  expect(rows.map((r) => [r.userId, r.variant])).toEqual([["0", "control"], ["2", "treatment"]]);
  expect(rows[0]).toMatchObject({ requests: 1, conversions: 1, preConversion: 0.5, preWatchMinutes: 3, firstExposureAt: 1_000 });
  expect(rows[1]).toMatchObject({ requests: 0, conversions: 0, preConversion: 0, latencyMsMean: 50, answers: 1 });
  const parsed = ExperimentReportInput.safeParse({
    experiment: { key: "e", hypothesis: "h", layer: "l", variants: [{ key: "control", weight: 1 }, { key: "treatment", weight: 1 }], controlVariant: "control", primaryMetric: "conversion" },
    users: rows,
  });
  expect(parsed.success).toBe(true);
});
