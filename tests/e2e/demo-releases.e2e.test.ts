/**
 * `bun run demo:releases --json` as an operator runs it, with no system running: it
 * starts the embedded system, runs its three releases under simulated traffic and
 * stops what it started. Short settings: a small world and a two-step policy judged
 * on guardrails, so the three releases take seconds each. The quality statistics
 * are covered by the judge's tests and `bench:canary`. Afterwards the rolled-back
 * release is replayed from the database (`release replay`).
 */
import { afterAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isPortOpen } from "../../infra/db/embedded-database.ts";
import { freePort } from "../support/free-port.ts";
import { runJsonScript } from "../support/run-json-script.ts";
import { smallSystemEnv, smallSystemPorts } from "../support/small-system-env.ts";

const dir = mkdtempSync(join(tmpdir(), "demo-releases-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the demo prints with --json. */
type DemoResult = { releases: { model: string; outcome: string; stage?: string }[]; requests: number; failed_requests: number; emails: number };
/** What `release replay <id> --json` prints. */
type ReplayResult = { release: number; steps: { percent: number; outcome: string; decidedAtMs: number | null; reason: string | null; checks: number }[] };

test("demo:releases promotes a good model, aborts a gated one at preflight and rolls back a failing canary, with no failed request", async () => {
  const policyFile = join(dir, "policy.json");
  writeFileSync(policyFile, JSON.stringify({
    steps: [{ percent: 20, minDurationMs: 2000, requireQuality: false }, { percent: 100, minDurationMs: 2000, requireQuality: false }],
    checkIntervalMs: 1000,
    maxStepDurationMs: 60_000,
    minCanaryRequests: 30,
    guardrails: { minRequestsForLatency: 100 },
  }));
  const ports = { ...await smallSystemPorts(), canary: await freePort() };
  const env = {
    ...process.env, ...smallSystemEnv(dir, ports), RELEASE_OUTBOX_DIR: join(dir, "outbox"),
    RELEASE_CANARY_PORT: String(ports.canary), RELEASE_POLICY_FILE: policyFile, RELEASE_ROUTING_SETTLE_MS: "1200",
  };
  const result = await runJsonScript("demos/releases/demo-releases-main.ts", ["--json"], env) as DemoResult;
  expect(result.releases.map((r: { outcome: string; stage?: string }) => [r.outcome, r.stage])).toEqual([
    ["promoted", undefined], ["aborted", "preflight"], ["rolled_back", "canary"],
  ]);
  expect(new Set(result.releases.map((r: { model: string }) => r.model)).size).toBe(3);
  expect(result.requests).toBeGreaterThan(100);
  expect(result.failed_requests).toBe(0);
  expect(result.emails).toBe(3);
  expect(readdirSync(join(dir, "outbox")).length).toBe(3);
  // It stopped what it started: no system state left, nothing listening.
  expect(existsSync(join(dir, "system.json"))).toBe(false);
  for (const port of [ports.router, ports.canary, ...ports.workers]) expect(await isPortOpen(port)).toBe(false);

  // The rolled-back release (the third started: ids count from 1) replayed from the database
  // under the policy it ran with is failed again by the judge.
  const replayed = await runJsonScript("release/release-main.ts", ["replay", "3", "--policy", policyFile, "--json"], {
    ...env, RELEASE_CONVERSION_WINDOW_MS: String(10 * 60_000),
  }) as ReplayResult;
  expect(replayed.release).toBe(3);
  expect(replayed.steps.map((s) => [s.percent, s.outcome])).toEqual([[20, "fail"]]);
  expect(replayed.steps[0].reason).toBeString();
  expect(replayed.steps[0].decidedAtMs).toBeGreaterThan(0);
  expect(replayed.steps[0].checks).toBeGreaterThanOrEqual(1);
}, 600_000);
