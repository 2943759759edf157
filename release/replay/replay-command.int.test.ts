/**
 * `bun run release replay --telemetry … --movielog …` as operators' scripts run it: the
 * exact `--json` line, exit 0 whatever the replay decided, 1 on unreadable input, 2 on
 * bad usage. One run starts the in-memory embedded database, as every replay of files does.
 */
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateRecording, HEALTHY, writeRecording } from "./testing/recording-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "replay-command-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
const policyFile = join(dir, "policy.json");
writeFileSync(policyFile, JSON.stringify({
  steps: [{ percent: 20, minDurationMs: 300_000, requireQuality: true }, { percent: 100, minDurationMs: 0, requireQuality: false }],
  checkIntervalMs: 60_000,
  minCanaryRequests: 40,
  guardrails: { minRequestsForLatency: 100 },
  quality: { minimumHarm: 0.3, minUsersPerArm: 60 },
}));
const files = writeRecording(dir, "broken", generateRecording({ ...HEALTHY, start: START, minutes: 4, canaryErrorRate: 0.5, brokenFromMs: 120_000 }));

function replay(args: string[]) {
  const result = Bun.spawnSync([process.execPath, join(import.meta.dir, "../release-main.ts"), "replay", ...args], {
    env: { ...process.env, RELEASE_CONVERSION_WINDOW_MS: "120000" },
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

test("--json prints exactly one line with the outcome, when it was decided, the judge's reason and the checks run; exit 0", () => {
  const run = replay(["--telemetry", files.telemetry, "--movielog", files.movielog, "--policy", policyFile, "--json"]);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const printed = JSON.parse(lines[0]);
  expect(Object.keys(printed)).toEqual(["outcome", "decidedAtMs", "reason", "checks"]);
  expect(printed).toMatchObject({ outcome: "fail", decidedAtMs: 180_000, checks: 3 });
  expect(printed.reason).toStartWith("errors: ");
}, 180_000);

test("unreadable input exits 1 naming it: a missing file, a policy that is not one", () => {
  const missing = replay(["--telemetry", join(dir, "none.jsonl"), "--movielog", files.movielog, "--json"]);
  expect([missing.code, missing.stdout]).toEqual([1, ""]);
  expect(missing.stderr).toContain("none.jsonl: no such telemetry file");
  const notJson = join(dir, "not-json.json");
  writeFileSync(notJson, "steps: 5");
  const garbled = replay(["--telemetry", files.telemetry, "--movielog", files.movielog, "--policy", notJson]);
  expect([garbled.code, garbled.stderr]).toEqual([1, expect.stringContaining("not-json.json: not a canary policy")]);
  const wrong = join(dir, "wrong.json");
  writeFileSync(wrong, JSON.stringify({ steps: [{ percent: 50 }, { percent: 20 }] }));
  const invalid = replay(["--telemetry", files.telemetry, "--movielog", files.movielog, "--policy", wrong, "--json"]);
  expect([invalid.code, invalid.stderr]).toEqual([1, expect.stringContaining("wrong.json: not a canary policy: steps.0.minDurationMs")]);
  expect(replay(["--telemetry", files.telemetry, "--movielog", join(dir, "none.log")]).code).toBe(1);
}, 60_000);

test("bad usage exits 2: both forms at once, one file of two, a step the policy does not have", () => {
  expect(replay(["3", "--telemetry", files.telemetry, "--movielog", files.movielog]).code).toBe(2);
  expect(replay([]).code).toBe(2);
  const half = replay(["--telemetry", files.telemetry]);
  expect([half.code, half.stderr]).toEqual([2, expect.stringContaining("needs both --telemetry and --movielog")]);
  const step = replay(["--telemetry", files.telemetry, "--movielog", files.movielog, "--policy", policyFile, "--step", "50"]);
  expect([step.code, step.stderr]).toEqual([2, expect.stringContaining("--step 50: the policy has no such step (its steps: 20%, 100%)")]);
  expect(replay(["3", "--step", "20"]).code).toBe(2);
}, 60_000);
