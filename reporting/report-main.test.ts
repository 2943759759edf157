import { expect, test } from "bun:test";
import { join } from "node:path";
import { REPORTS, reportUsage } from "./report-main.ts";

const bun = join(import.meta.dir, "..", "node_modules", ".bin", "bun");
const main = join(import.meta.dir, "report-main.ts");

test("reportUsage() lists every report", () => {
  expect(Object.keys(REPORTS)).toContain("analysis");
  expect(reportUsage()).toContain("  analysis       feedback loops, fairness by user group, rating attacks");
  expect(Object.keys(REPORTS)).toEqual(["analysis", "availability", "online", "provenance"]);
  expect(reportUsage()).toContain("  online         online quality per model version beside its offline metrics");
  expect(reportUsage()).toContain("  provenance     why a user got a list: request, rules, model, training data");
});

test("report-main exits 2 with usage for an unknown or missing report name", () => {
  for (const args of [["nope"], []]) {
    const result = Bun.spawnSync([bun, main, ...args], { stderr: "pipe", stdout: "pipe" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toContain("usage: bun run report <name>");
  }
});

test("report-main passes bad analysis flags on and exits 2", () => {
  const result = Bun.spawnSync([bun, main, "analysis", "--from", "yesterday"], { stderr: "pipe", stdout: "pipe" });
  expect(result.exitCode).toBe(2);
  expect(result.stderr.toString()).toContain('--from must be an ISO time: current value is "yesterday"');
});
