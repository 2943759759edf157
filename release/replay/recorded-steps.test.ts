import { expect, test } from "bun:test";
import { CanaryPolicy } from "../policy/canary-policy.ts";
import { nextReleaseState } from "../state/next-release-state.ts";
import type { CanaryVerdict } from "../judge/canary-verdict.ts";
import { newReleaseState, type ReleaseState } from "../../shared/release/release-state.ts";
import type { ReleaseEvent } from "../state/release-event.ts";
import { recordedSteps } from "./replay-release.ts";

const policy = CanaryPolicy.parse({});

function verdict(outcome: CanaryVerdict["outcome"], step: number): CanaryVerdict {
  return {
    outcome,
    reasons: [{ check: "test", outcome, detail: outcome }],
    evidence: { requests: { stable: 1, canary: 1 }, counts: {}, latency: { p95: null, p99: null }, quality: {}, reference: "stable", step, elapsedMs: 0 },
  } as unknown as CanaryVerdict;
}

function play(events: ReleaseEvent[]): ReleaseState {
  return events.reduce((state, event) => nextReleaseState(state, event, policy).state, newReleaseState(1, "m2", "m1"));
}

test("each step runs from the decision that began it to the one that left it; a restart resumes a step, it does not begin one", () => {
  const state = play([
    { type: "preflight_started", at: 900 },
    { type: "preflight_passed", at: 1000 },
    { type: "canary_verdict", at: 61_000, verdict: verdict("pass", 0) },
    { type: "supervisor_restarted", at: 90_000 },
    { type: "canary_verdict", at: 200_000, verdict: verdict("fail", 1) },
    { type: "rollback_done", at: 201_000 },
  ]);
  expect(state.phase).toBe("rolled_back");
  expect(recordedSteps(state, 500_000)).toEqual([
    { step: 0, start: 1000, end: 61_000, current: false },
    { step: 1, start: 61_000, end: 200_000, current: false },
  ]);
});

test("a step still running ends now; a release that never reached the canary has no step", () => {
  const running = play([{ type: "preflight_started", at: 900 }, { type: "preflight_passed", at: 1000 }]);
  expect(recordedSteps(running, 50_000)).toEqual([{ step: 0, start: 1000, end: 50_000, current: true }]);
  const aborted = play([{ type: "preflight_started", at: 900 }, { type: "preflight_failed", at: 1000, reasons: ["gate"] }]);
  expect(recordedSteps(aborted, 50_000)).toEqual([]);
});
