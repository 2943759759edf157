import { expect, test } from "bun:test";
import { parseProgressLine, progressLineFields } from "./progress-line.ts";
import { progressFigures } from "./progress-figures.ts";

const report = {
  label: "warm-up", unit: "lines", figures: progressFigures(5_000_000, 20_000_000, 37_512), detail: {}, finished: false,
};

test("progressLineFields() gives the count, total, share, rate and time left with units in their names", () => {
  expect(progressLineFields(report)).toEqual({
    label: "warm-up", unit: "lines", done: 5_000_000, total: 20_000_000, ratio: 0.25,
    elapsed_s: 37.5, rate_per_s: 133_300, eta_s: 112.5, finished: false,
  });
});

test("progressLineFields() adds the extra figures under detail, and only when there are some", () => {
  const fields = progressLineFields({ ...report, detail: { stage: "refit", loss: 1234.5 } });
  expect(fields.detail).toEqual({ stage: "refit", loss: 1234.5 });
  expect("detail" in progressLineFields(report)).toBe(false);
});

test("parseProgressLine() reads back a logger line a child wrote, with npm start's [name] prefix", () => {
  const line = JSON.stringify({ time: "2026-01-01T00:00:00.000Z", level: "info", component: "simulator", message: "progress", ...progressLineFields(report) });
  expect(parseProgressLine(`[simulator] ${line}`)).toEqual({
    label: "warm-up", unit: "lines", done: 5_000_000, total: 20_000_000, elapsedMs: 37_500, finished: false, detail: {},
  });
});

test("parseProgressLine() ignores lines that are not progress reports", () => {
  expect(parseProgressLine("starting Kafka…")).toBeNull();
  expect(parseProgressLine('{"message":"progress"')).toBeNull();
  // Ingestion's own periodic "progress" log is a different record: no label, unit or total.
  expect(parseProgressLine(JSON.stringify({ level: "info", message: "progress", lines: 10, accepted: {} }))).toBeNull();
});

test("parseProgressLine() refuses a hostile report: a negative count, no total, an oversized label", () => {
  const base = { message: "progress", label: "x", unit: "lines", done: 1, total: 10, elapsed_s: 1, finished: false };
  expect(parseProgressLine(JSON.stringify(base))).not.toBeNull();
  expect(parseProgressLine(JSON.stringify({ ...base, done: -1 }))).toBeNull();
  expect(parseProgressLine(JSON.stringify({ ...base, total: 0 }))).toBeNull();
  expect(parseProgressLine(JSON.stringify({ ...base, label: "x".repeat(201) }))).toBeNull();
  expect(parseProgressLine(JSON.stringify({ ...base, detail: { loss: { nested: 1 } } }))).toBeNull();
});
