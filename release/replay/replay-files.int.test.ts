/**
 * A replay of recorded files against a real database: generated recordings of a
 * healthy canary, a broken one, and one too short to decide, in every telemetry format
 * version, with hostile lines mixed in.
 */
import { afterAll, afterEach, expect, test } from "bun:test";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { recordingStep, replayFiles } from "./replay-files.ts";
import { generateRecording, HEALTHY, writeRecording } from "./testing/recording-fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "replay-files-"));
const START = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
const policy = CanaryPolicy.parse({
  steps: [
    { percent: 5, minDurationMs: 0, requireQuality: false },
    { percent: 20, minDurationMs: 300_000, requireQuality: true },
    { percent: 100, minDurationMs: 0, requireQuality: false },
  ],
  checkIntervalMs: 60_000,
  minCanaryRequests: 40,
  guardrails: { minRequestsForLatency: 100 },
  quality: { minimumHarm: 0.3, minUsersPerArm: 60 },
});
const site = { conversionWindowMs: 120_000, clientTimeoutMs: 800 };
const step = recordingStep(policy)!;

let open: { testDb: TestDatabase; database: Database } | null = null;
/** A fresh, migrated database per replay: a replay loads into an empty one. */
async function emptyDatabase(): Promise<Database> {
  const testDb = await createTestDatabase();
  open = { testDb, database: connectDatabase(testDb.url, { max: 1 }) };
  return open.database;
}
afterEach(async () => {
  await open?.database.close();
  await open?.testDb.drop();
  open = null;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the default step is the first that requires quality", () => {
  expect(step).toEqual({ index: 1, percent: 20 });
  expect(recordingStep(policy, 100)).toEqual({ index: 2, percent: 100 });
  expect(recordingStep(policy, 50)).toBeNull();
});

test("a healthy canary is judged pass once the step's minimum duration and quality allow, at a check", async () => {
  const files = writeRecording(dir, "healthy", generateRecording({ ...HEALTHY, start: START }));
  const { step: replayed, loaded } = await replayFiles((await emptyDatabase()).sql, files, policy, step, site);
  expect(loaded.telemetry).toMatchObject({ lines: 9000, stored: 9000, otherPools: 0, skipped: {} });
  expect(replayed.outcome).toBe("pass");
  expect(replayed.decidedAtMs).toBeGreaterThanOrEqual(300_000);
  expect(replayed.decidedAtMs).toBe(replayed.checks * 60_000);
  expect(replayed.reason).toContain("conversion");
  expect(replayed.timeline.slice(0, -1).every((c) => c.outcome === "keep_watching")).toBe(true);
}, 240_000);

test("a canary failing half its requests from minute 2 is judged fail at the check that first sees it", async () => {
  const files = writeRecording(dir, "broken", generateRecording({ ...HEALTHY, start: START, canaryErrorRate: 0.5, brokenFromMs: 120_000 }));
  const { step: replayed } = await replayFiles((await emptyDatabase()).sql, files, policy, step, site);
  expect(replayed).toMatchObject({ outcome: "fail", decidedAtMs: 180_000, checks: 3 });
  expect(replayed.reason).toContain("errors");
  expect(replayed.timeline.map((c) => c.outcome)).toEqual(["keep_watching", "keep_watching", "fail"]);
}, 240_000);

test("a fallback answer counts for the pool the rules chose: a canary whose worker fails half its requests is judged fail", async () => {
  const files = writeRecording(dir, "fallback", generateRecording({
    ...HEALTHY, start: START, minutes: 4, canaryErrorRate: 0.5, brokenFromMs: 120_000, failAs: "fallback",
  }));
  const { step: replayed } = await replayFiles((await emptyDatabase()).sql, files, policy, step, site);
  expect(replayed).toMatchObject({ outcome: "fail", decidedAtMs: 180_000, checks: 3 });
  expect(replayed.reason).toContain("fallbacks");
}, 240_000);

test("data that ends before a decision is inconclusive with no reason; bad lines are skipped and counted", async () => {
  const files = writeRecording(dir, "short", generateRecording({ ...HEALTHY, start: START, minutes: 3 }));
  appendFileSync(files.telemetry, [
    "not json at all",
    JSON.stringify({ formatVersion: 2, requestId: "x" }),
    JSON.stringify({ ...JSON.parse(generateRecording({ ...HEALTHY, start: START, minutes: 1, users: 1 }).telemetry[0]), formatVersion: 2, clientRequestId: null, signature: "forged", requestId: "bad-signature" }),
    JSON.stringify({ formatVersion: 1, requestId: "old", time: Date.UTC(1990, 0, 1), userId: 1, status: 200, latencyMs: 10, pool: "stable", modelVersion: "m1", rulesVersion: 1, assignments: [], items: [], fallback: false, fallbackReason: null }),
    JSON.stringify({ formatVersion: 1, requestId: "elsewhere", time: START + 1000, userId: 2, status: 200, latencyMs: 10, pool: "experiment-b", modelVersion: "m1", rulesVersion: 1, assignments: [], items: [], fallback: false, fallbackReason: null }),
    "",
  ].join("\n"));
  appendFileSync(files.movielog, "garbage line\n");
  const { step: replayed, loaded } = await replayFiles((await emptyDatabase()).sql, files, policy, step, site);
  expect(replayed).toMatchObject({ outcome: "inconclusive", decidedAtMs: null, reason: null, checks: 3 });
  expect(loaded.telemetry).toEqual({
    lines: 1805, stored: 1800, otherPools: 1, duplicates: 0,
    skipped: { bad_signature: 1, invalid_event: 1, not_json: 1, past_time: 1 },
  });
  expect(Object.values(loaded.stream.rejected).reduce((a, n) => a + (n ?? 0), 0)).toBe(1);
}, 240_000);
