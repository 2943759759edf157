import { expect, test } from "bun:test";
import { join } from "node:path";
import { formatGroupHelp } from "../infra/cli/command-group.ts";
import { REPORT_GROUP, REPORTS } from "./report-main.ts";

const bun = join(import.meta.dir, "..", "node_modules", ".bin", "bun");
const main = join(import.meta.dir, "report-main.ts");

test("the report help lists every report with its usage", () => {
  expect(Object.keys(REPORTS)).toEqual(["analysis", "availability", "online", "provenance"]);
  const help = formatGroupHelp(REPORT_GROUP);
  expect(help.split("\n")[0]).toBe("usage: bun run report analysis [--json] [options]");
  expect(help).toContain("  analysis        feedback loops, fairness by user group, rating attacks");
  expect(help).toContain("  online          online quality per model version beside its offline metrics");
  expect(help).toContain("  provenance      why a user got a list: request, rules, model, training data");
});

test("report-main exits 2 with usage for an unknown or missing report name", () => {
  for (const [args, problem] of [[["nope"], 'unknown command "nope"'], [[], "no command given"]] as const) {
    const result = Bun.spawnSync([bun, main, ...args], { stderr: "pipe", stdout: "pipe" });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toStartWith(`${problem}\nusage: bun run report analysis`);
  }
});

test("report-main passes bad analysis flags on and exits 2", () => {
  const result = Bun.spawnSync([bun, main, "analysis", "--from", "yesterday"], { stderr: "pipe", stdout: "pipe" });
  expect(result.exitCode).toBe(2);
  expect(result.stderr.toString()).toContain('--from must be an ISO time');
  expect(result.stderr.toString()).toContain('current value is "yesterday"');
});
