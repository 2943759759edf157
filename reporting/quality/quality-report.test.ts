import { describe, expect, test } from "bun:test";
import { buildQualityReport, formatQualityReport, type QualityInputs } from "./quality-report.ts";

const inputs: QualityInputs = {
  from: null,
  to: null,
  batches: {
    lines: 1000, duplicates: 60, late: 10, accepted: { watch: 800, rate: 90, recommendation: 30 },
    rejected: { truncated: 12, rating_out_of_range: 3, bad_user_id: 5 }, minEventTime: null, maxEventTime: null,
  },
  watch: { sessions: 10, minutes: 800, users: 5, movies: 7 },
  ratings: { count: 90, users: 40, movies: 30, histogram: { "5": 90 } },
  recommendations: { requests: 30, byStatus: { "0": 3, "200": 27 }, emptyResults: 1, overBudget: 3, latencyP50: 20, latencyP95: 800, latencyP99: 800 },
  quarantine: [
    { source: "kafka:movielog", reason: "future_time", count: 2 },
    { source: "kafka:movielog", reason: "store_refused", count: 1 },
    { source: "telemetry", reason: "bad_signature", count: 4 },
  ],
};

describe("buildQualityReport()", () => {
  test("buildQualityReport() groups rejections into missing, out-of-range and malformed", () => {
    expect(buildQualityReport(inputs).rejected).toEqual({
      total: 20,
      byReason: { truncated: 12, rating_out_of_range: 3, bad_user_id: 5 },
      byCategory: { missing: 12, out_of_range: 3, malformed: 5 },
    });
  });

  test("buildQualityReport() states every figure over its threshold and nothing else", () => {
    expect(buildQualityReport(inputs).findings).toEqual([
      "rejected lines: 2.00% (threshold 1.00%)",
      "duplicate lines: 6.00% (threshold 5.00%)",
      "failed recommendation requests: 10.00% (threshold 1.00%)",
      "1 successful recommendation requests returned no movies",
    ]);
  });

  test("buildQualityReport() keeps every earlier key and adds the quarantine by source and reason", () => {
    const report = buildQualityReport(inputs);
    expect(Object.keys(report)).toEqual(["range", "eventTime", "lines", "accepted", "rejected", "duplicates", "late", "store", "findings", "quarantine"]);
    expect(report.quarantine).toEqual({
      total: 7,
      bySource: { "kafka:movielog": { future_time: 2, store_refused: 1 }, telemetry: { bad_signature: 4 } },
    });
  });

  test("buildQualityReport() reports no findings for a clean window", () => {
    const clean = { ...inputs, batches: { ...inputs.batches, duplicates: 0, rejected: {} },
      recommendations: { ...inputs.recommendations, byStatus: { "200": 30 }, emptyResults: 0 } };
    expect(buildQualityReport(clean).findings).toEqual([]);
  });
});

describe("formatQualityReport()", () => {
  test("formatQualityReport() lists the quarantine total, then each source's reasons on a line of its own", () => {
    const lines = formatQualityReport(buildQualityReport(inputs)).split("\n");
    const at = lines.findIndex((l) => l.startsWith("  quarantined"));
    expect(lines.slice(at, at + 3)).toEqual([
      "  quarantined      7 by arrival time",
      "    kafka:movielog   future_time=2 store_refused=1",
      "    telemetry        bad_signature=4",
    ]);
  });

  test("formatQualityReport() says nothing was quarantined in a clean window", () => {
    const lines = formatQualityReport(buildQualityReport({ ...inputs, quarantine: [] })).split("\n");
    expect(lines.filter((l) => l.includes("quarantined"))).toEqual(["  quarantined      0 by arrival time"]);
    expect(lines[lines.findIndex((l) => l.startsWith("  quarantined")) + 1]).toStartWith("Findings:");
  });
});
