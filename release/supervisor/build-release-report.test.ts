import { describe, expect, test } from "bun:test";
import type { ArmStats } from "../judge/arm-stats.ts";
import { judgeCanary } from "../judge/judge-canary.ts";
import { ReleaseReport } from "../notify/release-report.ts";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { nextReleaseState } from "../state/next-release-state.ts";
import type { ReleaseEvent } from "../state/release-event.ts";
import { newReleaseState, type ReleaseState } from "../../shared/release/release-state.ts";
import { buildReleaseReport } from "./build-release-report.ts";

const policy = CanaryPolicy.parse({
  steps: [{ percent: 10, minDurationMs: 0, requireQuality: false }, { percent: 100, minDurationMs: 0, requireQuality: false }],
  minCanaryRequests: 10,
});
const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);
const provenance = { codeCommit: "0123abcd", dataSnapshotId: "snap-1", buildLink: "https://ci.example.com/job/7" };
const moments = { users: 0, mean: 0, variance: 0 };
// Every fallback here is answered in time: degraded, not unavailable.
const arm = (requests: number, fallbacks: number, more: Partial<ArmStats> = {}): ArmStats => ({
  requests, errors: 0, timeouts: 0, fallbacks, unavailable: 0, degraded: fallbacks,
  latencyMs: { p95: 10, p99: 20 }, conversion: { users: 40, mean: 0.25, variance: 0.1 }, watch_minutes: moments, ...more,
});
const arms = (canaryFallbacks: number, canary: Partial<ArmStats> = {}) => ({
  stable: arm(900, 0), canary: arm(100, canaryFallbacks, canary), users: { stable: 300, canary: 40 },
});

function run(events: ReleaseEvent[]): ReleaseState {
  return events.reduce((state, event) => nextReleaseState(state, event, policy).state, newReleaseState(3, "m2", "m1"));
}
const verdictEvent = (step: number, at: number, canaryFallbacks: number, canary: Partial<ArmStats> = {}): ReleaseEvent => {
  const a = arms(canaryFallbacks, canary);
  return { type: "canary_verdict", at, verdict: judgeCanary(policy, a.stable, a.canary, { step, ms: at - T0 }), arms: a };
};

/** The same check judged again with the stable arm's exposed users set. */
function withStableUsers(event: ReleaseEvent, users: number): ReleaseEvent {
  if (event.type !== "canary_verdict") return event;
  const a = event.arms as ReturnType<typeof arms>;
  const stable = { ...a.stable, telemetryUsers: users };
  return { ...event, verdict: judgeCanary(policy, stable, a.canary, { step: 0, ms: event.at - T0 }), arms: { ...a, stable } };
}

describe("buildReleaseReport()", () => {
  test("a promoted release reports every step passed with its arms and tests", () => {
    const state = run([
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 },
      verdictEvent(0, T0 + 60_000, 0), verdictEvent(1, T0 + 120_000, 0), { type: "promotion_done", at: T0 + 130_000 },
    ]);
    const report = ReleaseReport.parse(buildReleaseReport(state, policy, provenance));
    expect(report).toMatchObject({ releaseId: "release-3", outcome: "promoted", stage: "100%", modelVersion: "m2", previousVersion: "m1", codeCommit: "0123abcd" });
    expect([report.startedAt, report.finishedAt]).toEqual([new Date(T0).toISOString(), new Date(T0 + 130_000).toISOString()]);
    expect(report.steps.map((s) => [s.percent, s.outcome, s.startedAt, s.endedAt])).toEqual([
      [10, "pass", new Date(T0 + 1000).toISOString(), new Date(T0 + 60_000).toISOString()],
      [100, "pass", new Date(T0 + 60_000).toISOString(), new Date(T0 + 120_000).toISOString()],
    ]);
    expect(report.steps[0].canary).toEqual({ users: 40, requests: 100, conversion: 0.25, errorRate: 0, degradedRate: 0, p99Ms: 20 });
    expect(report.steps[0].tests.map((t) => `${t.kind}:${t.metric}:${t.outcome}`)).toContain("count:fallbacks:pass");
  });

  test("a rolled-back release names the failing step, its failed test, and skips the rest", () => {
    const state = run([
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 },
      verdictEvent(0, T0 + 30_000, 50), { type: "rollback_done", at: T0 + 35_000 },
    ]);
    const report = buildReleaseReport(state, policy, provenance);
    expect([report.outcome, report.stage]).toEqual(["rolled_back", "canary 10%"]);
    expect(report.reason).toContain("canary failed at 10%");
    expect(report.steps.map((s) => s.outcome)).toEqual(["fail", "skipped"]);
    expect(report.steps[0].tests.find((t) => t.metric === "fallbacks")?.outcome).toBe("fail");
  });

  test("errorRate is unavailable ÷ requests: fallbacks in time are degraded, and the fallback guardrail still fails", () => {
    const state = run([
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 },
      verdictEvent(0, T0 + 30_000, 50, { errors: 2, timeouts: 3, unavailable: 5, degraded: 45 }), { type: "rollback_done", at: T0 + 35_000 },
    ]);
    const report = buildReleaseReport(state, policy, provenance);
    expect([report.steps[0].canary?.errorRate, report.steps[0].canary?.degradedRate]).toEqual([0.05, 0.45]);
    expect(report.steps[0].tests.find((t) => t.metric === "fallbacks")?.outcome).toBe("fail");
  });

  test("evidence recorded before availability was measured reports errors plus timeouts and no degraded rate", () => {
    const old = { unavailable: undefined, degraded: undefined, errors: 2, timeouts: 3 };
    const state = run([
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 },
      verdictEvent(0, T0 + 30_000, 50, old), { type: "rollback_done", at: T0 + 35_000 },
    ]);
    const canary = ReleaseReport.parse(buildReleaseReport(state, policy, provenance)).steps[0].canary;
    expect(canary?.errorRate).toBe(0.05);
    expect(canary && "degradedRate" in canary).toBe(false);
  });

  test("a release stopped by the sample-ratio check says so in its reason and its first test", () => {
    // 10 % step: 3,000 of 10,000 users in the canary is no 10 % split, so nothing else in the step can be trusted.
    const skewed = withStableUsers(verdictEvent(0, T0 + 30_000, 0, { telemetryUsers: 3_000 }), 7_000);
    const state = run([
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 }, skewed, { type: "rollback_done", at: T0 + 35_000 },
    ]);
    const report = ReleaseReport.parse(buildReleaseReport(state, policy, provenance));
    expect(report.reason).toContain("sample_ratio: sample ratio: 3000 of 10000 users in the canary (30.00%, expected 10.00%)");
    expect(report.steps[0].tests[0]).toMatchObject({ kind: "sample_ratio", outcome: "fail", expectedShare: 0.1, observedShare: 0.3, canaryUsers: 3_000 });
  });

  test("a release rolled back on preference reports the preference test with its users, share and interval", () => {
    const interleaved = CanaryPolicy.parse({ ...policy, interleave: { share: 0.5, mode: "alongside" } });
    const a = arms(0);
    const verdict = judgeCanary(interleaved, a.stable, a.canary, { step: 0, ms: 30_000 }, null, { preferA: 420, preferB: 300, ties: 7, noCredit: 40 });
    const state = [
      { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 + 1000 },
      { type: "canary_verdict", at: T0 + 30_000, verdict, arms: a }, { type: "rollback_done", at: T0 + 35_000 },
    ].reduce((s, event) => nextReleaseState(s, event as ReleaseEvent, interleaved).state, newReleaseState(3, "m2", "m1"));
    const report = ReleaseReport.parse(buildReleaseReport(state, interleaved, provenance));
    expect(report.reason).toContain("users prefer the stable ranking");
    const preference = report.steps[0].tests.find((t) => t.kind === "preference");
    expect(preference).toMatchObject({ outcome: "fail", mode: "alongside", preferStable: 420, preferCandidate: 300, ties: 7, noCredit: 40 });
    expect(preference?.kind === "preference" && preference.upper).toBeLessThan(0.5);
    expect(preference?.kind === "preference" && preference.share).toBeCloseTo(300 / 720, 12);
  });

  test("an aborted release stops at preflight with every step skipped", () => {
    const state = run([{ type: "preflight_started", at: T0 }, { type: "preflight_failed", at: T0 + 5, reasons: ["the offline gate did not pass"] }]);
    const report = buildReleaseReport(state, policy, { codeCommit: "unknown", dataSnapshotId: "snap-1" });
    expect([report.outcome, report.stage, report.reason]).toEqual(["aborted", "preflight", "preflight failed: the offline gate did not pass"]);
    expect(report.steps.every((s) => s.outcome === "skipped")).toBe(true);
    expect(report.buildLink).toBeUndefined();
  });

  test("a release still running has no report", () => {
    expect(() => buildReleaseReport(run([{ type: "preflight_started", at: T0 }]), policy, provenance)).toThrow("release 3 is preflight");
  });
});
