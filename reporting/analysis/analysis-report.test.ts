import { expect, test } from "bun:test";
import type { AnalysisInput } from "./analysis-input.ts";
import { buildAnalysisReport } from "./analysis-report.ts";
import { formatAnalysisReport } from "./format-analysis-report.ts";

const input: AnalysisInput = {
  from: Date.UTC(2024, 0, 1),
  to: Date.UTC(2024, 0, 2),
  recommendations: [{ time: Date.UTC(2024, 0, 1, 1), userId: 1, items: ["a", "b"] }],
  watches: [{ time: Date.UTC(2024, 0, 1, 1, 1), userId: 1, movieId: "a" }],
  ratings: [{ time: Date.UTC(2024, 0, 1, 3), userId: 1, movieId: "a", rating: 5 }],
};

test("buildAnalysisReport() says fairness was not analysed when attributes are unavailable, and still reports the rest", () => {
  const report = buildAnalysisReport(input, { status: "unavailable", reason: "user API http://x unreachable (refused)" });
  expect(report.fairness).toEqual({ status: "unavailable", flagged: false, reason: "fairness not analysed: user API http://x unreachable (refused)" });
  expect(report).toMatchObject({ report: "analysis", from: "2024-01-01T00:00:00.000Z", counts: { recommendations: 1, watches: 1, ratings: 1 }, flagged: false });
  const markdown = formatAnalysisReport(report);
  expect(markdown).toContain("## Fairness: not analysed\n\nfairness not analysed: user API http://x unreachable (refused)");
  expect(markdown).toContain("## Rating attacks: ok");
});

test("formatAnalysisReport() tabulates fairness groups when attributes are known", () => {
  const users = new Map([[1, { user_id: 1, age: 40, occupation: "writer", gender: "F" }]]);
  const markdown = formatAnalysisReport(buildAnalysisReport(input, { status: "ok", users, source: "test" }));
  expect(markdown).toContain("| gender | F | 1 | 100.0% | 100.0% | 1 | 100.0% | 0.0% | 0.0 |  |");
  expect(markdown).toContain("| occupation | writer |");
});
