/**
 * The database form of the replay on a release the supervisor recorded: the real
 * `superviseRelease` on a virtual clock over recorded telemetry (a canary healthy for
 * three minutes, then failing half its requests; 5 % of users for the first minute,
 * then 20 %, as the supervisor widens its route), then `release replay <id>`, in
 * process and as operators run it.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { writeRules } from "../../infra/rules/rules-store.ts";
import { registerModel } from "../../registry/model-registry.ts";
import { GateConfig } from "../../registry/offline-gate.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { startRelease } from "../state/release-store.ts";
import { superviseRelease } from "../supervisor/supervise-release.ts";
import { loadRecording } from "./load-recording.ts";
import { replayRelease } from "./replay-release.ts";
import { generateRecording, HEALTHY, writeRecording } from "./testing/recording-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "replay-release-"));
const START = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
const policyDocument = {
  steps: [
    { percent: 5, minDurationMs: 60_000, requireQuality: false },
    { percent: 20, minDurationMs: 600_000, requireQuality: false },
    { percent: 100, minDurationMs: 0, requireQuality: false },
  ],
  checkIntervalMs: 60_000,
  minCanaryRequests: 20,
  guardrails: { minRequestsForLatency: 100 },
};
const policy = CanaryPolicy.parse(policyDocument);
const policyFile = join(dir, "policy.json");
let testDb: TestDatabase;
let database: Database;
let recorded: ReleaseState;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 1 });
  writeFileSync(policyFile, JSON.stringify(policyDocument));
  const files = writeRecording(dir, "release", generateRecording({
    ...HEALTHY, start: START, minutes: 6, canary: [{ fromMs: 0, percent: 5 }, { fromMs: 60_000, percent: 20 }],
    canaryErrorRate: 0.5, brokenFromMs: 180_000,
  }));
  writeFileSync(files.movielog, "");
  await loadRecording(database.sql, files);

  const artifact = await writeCircleArtifact(dir, "m2", "A");
  const manifest = ModelManifest.parse(JSON.parse(readFileSync(join(artifact, "manifest.json"), "utf8")));
  await registerModel(database.sql, { ...manifest, metrics: { ndcg: 0.3, gate: { pass: true, reasons: [] } } }, artifact);
  await writeRules(database.sql, RuleSet.parse({
    formatVersion: RULES_FORMAT_VERSION, version: 0,
    pools: { stable: { urls: ["http://127.0.0.1:9"], modelVersion: "m1" } },
    routes: [], defaultPool: "stable", experiments: [],
  }), { actor: "test", source: "seed" });

  // The supervisor on a clock that starts with the recording and moves only when it sleeps.
  let clock = START;
  const started = await startRelease(database.sql, "m2");
  if (!started.ok) throw new Error(started.message);
  recorded = await superviseRelease({
    sql: database.sql, policy, gate: GateConfig.parse({}), workerAdminToken: "replay-test-admin-token-0123",
    launcher: { start: () => Promise.resolve("http://127.0.0.1:9"), stop: () => Promise.resolve() },
    now: () => clock, sleep: (ms) => Promise.resolve(void (clock += ms)), log: createLogger("replay-test", () => {}),
    streamTopic: "movielog", conversionWindowMs: 120_000, clientTimeoutMs: 800, routingSettleMs: 0,
    workerReadyTimeoutMs: 10_000, maxCanaryFailures: 3,
  }, started.state);
}, 240_000);
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const settings = { conversionWindowMs: 120_000, clientTimeoutMs: 800, streamTopic: "movielog", routingSettleMs: 0 };

test("the supervisor passed the 5 % step at its first check and rolled back at 20 % once the canary broke", () => {
  expect(recorded.phase).toBe("rolled_back");
  expect(recorded.history.map((d) => [d.event, d.to, d.step, d.at - START])).toEqual([
    ["preflight_started", "preflight", 0, 0],
    ["preflight_passed", "canary", 0, 0],
    ["canary_verdict", "canary", 1, 60_000],
    ["canary_verdict", "rolling_back", 1, 240_000],
    ["rollback_done", "rolled_back", 1, 240_000],
  ]);
});

test("a replay under the supervisor's policy decides every step as the supervisor did, at the same check", async () => {
  const steps = await replayRelease(database.sql, recorded, policy, settings, Date.now());
  expect(steps.map(({ percent, outcome, decidedAtMs, checks }) => ({ percent, outcome, decidedAtMs, checks }))).toEqual([
    { percent: 5, outcome: "pass", decidedAtMs: 60_000, checks: 1 },
    { percent: 20, outcome: "fail", decidedAtMs: 180_000, checks: 3 },
  ]);
  expect(recorded.reason).toBe(`canary failed at 20%: ${steps[1].reason}`);
});

test("under another policy the same release is judged anew: a step that needs ten minutes of data is inconclusive at 5 %", async () => {
  const patient = CanaryPolicy.parse({ ...policyDocument, steps: policyDocument.steps.map((s) => ({ ...s, minDurationMs: 600_000 })) });
  const [first, second] = await replayRelease(database.sql, recorded, patient, settings, Date.now());
  expect(first).toMatchObject({ percent: 5, outcome: "inconclusive", decidedAtMs: null, reason: null, checks: 1 });
  expect(second).toMatchObject({ percent: 20, outcome: "fail", decidedAtMs: 180_000, checks: 3 });
});

/** `bun run release replay …` against the test database. */
function cli(args: string[]) {
  const result = Bun.spawnSync([process.execPath, join(import.meta.dir, "../release-main.ts"), "replay", ...args], {
    env: {
      ...process.env, DATABASE_URL: testDb.url, SYSTEM_STATE_FILE: join(dir, "system.json"),
      RELEASE_CONVERSION_WINDOW_MS: "120000", RELEASE_ROUTING_SETTLE_MS: "0",
    },
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

test("`release replay <id> --json` prints one line with each step's decision, and exits 0; no such release exits 1", () => {
  const run = cli([String(recorded.id), "--policy", policyFile, "--json"]);
  expect(run.code).toBe(0);
  const lines = run.stdout.trim().split("\n");
  expect(lines).toHaveLength(1);
  const printed = JSON.parse(lines[0]);
  expect(Object.keys(printed)).toEqual(["release", "steps"]);
  expect(printed.release).toBe(recorded.id);
  expect(printed.steps.map((s: Record<string, unknown>) => Object.keys(s))).toEqual([
    ["percent", "outcome", "decidedAtMs", "reason", "checks"], ["percent", "outcome", "decidedAtMs", "reason", "checks"],
  ]);
  expect(printed.steps.map((s: { outcome: string; decidedAtMs: number }) => [s.outcome, s.decidedAtMs])).toEqual([["pass", 60_000], ["fail", 180_000]]);

  const human = cli([String(recorded.id), "--policy", policyFile]);
  expect(human.code).toBe(0);
  expect(human.stdout).toContain("step 1 (20%): fail at +180s after 3 checks: errors");

  const missing = cli(["999999", "--json"]);
  expect([missing.code, missing.stderr.trim().split("\n").at(-1)]).toEqual([1, "no release 999999"]);
}, 60_000);
