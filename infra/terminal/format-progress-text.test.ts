import { expect, test } from "bun:test";
import {
  formatAmount, formatDetail, formatDuration, formatProgressSummary, formatProgressText, formatRate,
} from "./format-progress-text.ts";
import { progressFigures } from "./progress-figures.ts";

test("formatAmount() groups digits, and reads bytes in kB, MB and GB", () => {
  expect(formatAmount(20_000_000, "lines")).toBe("20,000,000 lines");
  expect(formatAmount(999, "bytes")).toBe("999 B");
  expect(formatAmount(1_234_567_890, "bytes")).toBe("1.2 GB");
});

test("formatRate() rounds fast rates to whole units and keeps two digits of slow ones", () => {
  expect(formatRate(132_456.7, "lines")).toBe("132,457 lines/s");
  expect(formatRate(0.5234, "iterations")).toBe("0.52 iterations/s");
  expect(formatRate(12_300_000, "bytes")).toBe("12.3 MB/s");
});

test("formatDuration() reads seconds, minutes and hours, and ? for unknown", () => {
  expect(formatDuration(42.4)).toBe("42s");
  expect(formatDuration(185)).toBe("3m05s");
  expect(formatDuration(3725)).toBe("1h02m");
  expect(formatDuration(null)).toBe("?");
});

test("formatDetail() names each extra figure, with large and small numbers in exponent form", () => {
  expect(formatDetail({ stage: "refit", loss: 56_123.4, train_error: 0.71234, lines: 9_000_000 })).toBe(
    "stage refit  loss 5.61e+4  train_error 0.7123  lines 9,000,000",
  );
});

test("formatProgressText() puts the bar between the label and the share, then counts, rate and ETA", () => {
  const report = { label: "warm-up", unit: "lines", figures: progressFigures(9_000_000, 20_000_000, 68_000), detail: {} };
  expect(formatProgressText(report, "[bar]")).toBe("warm-up [bar] 45% | 9,000,000/20,000,000 lines | 132,353 lines/s | ETA 1m23s");
});

test("formatProgressSummary() says what a finished step did, how long it took and how fast", () => {
  const report = { label: "warm-up", unit: "lines", figures: progressFigures(20_000_000, 20_000_000, 151_000), detail: {} };
  expect(formatProgressSummary(report)).toBe("warm-up: 20,000,000 lines in 2m31s (132,450 lines/s)");
});

test("formatProgressSummary() says where a step that ended early stopped", () => {
  const report = { label: "ingest warmup.log", unit: "bytes", figures: progressFigures(400_000_000, 1_200_000_000, 30_000), detail: { lines: 5_000_000 } };
  expect(formatProgressSummary(report)).toBe("ingest warmup.log: stopped at 400.0 MB/1.2 GB after 30s; lines 5,000,000");
});

test("formatProgressText() and formatProgressSummary() leave the rate out of a step measured in time", () => {
  const running = { label: "experiments", unit: "s", figures: progressFigures(60, 180, 60_000), detail: {}, showRate: false };
  expect(formatProgressText(running, "[bar]")).toBe("experiments [bar] 33% | 60/180 s | ETA 2m00s");
  const finished = { ...running, figures: progressFigures(180, 180, 180_000) };
  expect(formatProgressSummary(finished)).toBe("experiments: 180 s in 3m00s");
});
