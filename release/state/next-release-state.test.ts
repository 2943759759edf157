import { describe, expect, test } from "bun:test";
import type { CanaryOutcome, CanaryVerdict } from "../judge/canary-verdict.ts";
import { CanaryPolicy, defaultCanaryPolicy } from "../policy/canary-policy.ts";
import type { ReleaseEvent } from "./release-event.ts";
import { newReleaseState, type ReleaseState } from "../../shared/release/release-state.ts";
import { nextReleaseState } from "./next-release-state.ts";

// Most cases run the immediate inconclusive policy; the default, extend, has its own tests below.
const policy = CanaryPolicy.parse({ onInconclusive: "rollback" });
const MAX = policy.maxStepDurationMs;
const T0 = 1_700_000_000_000;

const verdict = (outcome: CanaryOutcome, step: number): CanaryVerdict => ({
  outcome,
  reasons: [{ check: "guardrails", outcome, detail: `${outcome} detail` }],
  evidence: { requests: { stable: 10, canary: 10 }, counts: {}, latency: { p95: null, p99: null }, quality: {}, reference: "stable", step, elapsedMs: 0 },
});
const at = (state: Partial<ReleaseState>): ReleaseState => ({ ...newReleaseState(7, "m2", "m1"), ...state });
const canary = (step: number, stepStartedAt = T0) => at({ phase: "canary", step, stepStartedAt });
const apply = (state: ReleaseState, event: ReleaseEvent, p: CanaryPolicy = policy) => nextReleaseState(state, event, p);

describe("nextReleaseState()", () => {
  test("preflight_started moves pending to preflight and records it", () => {
    const { state, ignored } = apply(at({}), { type: "preflight_started", at: T0 });
    expect(ignored).toBeNull();
    expect(state.phase).toBe("preflight");
    expect(state.history).toEqual([{ at: T0, event: "preflight_started", from: "pending", to: "preflight", step: 0, detail: "preflight started", evidence: null }]);
  });

  test("preflight_passed starts the canary at step 0 with the event's time", () => {
    const { state } = apply(at({ phase: "preflight" }), { type: "preflight_passed", at: T0, evidence: { ndcg: 0.3 } });
    expect(state).toMatchObject({ phase: "canary", step: 0, stepStartedAt: T0, reason: null });
    expect(state.history[0].evidence).toEqual({ ndcg: 0.3 });
  });

  test("preflight_failed aborts with the reasons", () => {
    const { state } = apply(at({ phase: "preflight" }), { type: "preflight_failed", at: T0, reasons: ["rejected by the gate", "ndcg low"] });
    expect(state.phase).toBe("aborted");
    expect(state.reason).toBe("preflight failed: rejected by the gate; ndcg low");
    expect(state.history[0].evidence).toEqual({ reasons: ["rejected by the gate", "ndcg low"] });
  });

  test("a pass verdict advances to the next step and restarts the step clock", () => {
    const { state } = apply(canary(0), { type: "canary_verdict", at: T0 + 600_000, verdict: verdict("pass", 0) });
    expect(state).toMatchObject({ phase: "canary", step: 1, stepStartedAt: T0 + 600_000 });
    expect(state.history[0].detail).toBe("step 0 (5%) passed; advancing to 20%");
    expect((state.history[0].evidence as CanaryVerdict).outcome).toBe("pass");
  });

  test("a pass verdict at the last step moves to promoting", () => {
    const { state } = apply(canary(3), { type: "canary_verdict", at: T0 + 1, verdict: verdict("pass", 3) });
    expect(state).toMatchObject({ phase: "promoting", step: 3, reason: "every canary step passed" });
  });

  test("a fail verdict moves to rolling_back with the judge's reasons", () => {
    const { state } = apply(canary(1), { type: "canary_verdict", at: T0 + 1, verdict: verdict("fail", 1) });
    expect(state.phase).toBe("rolling_back");
    expect(state.reason).toBe("canary failed at 20%: guardrails: fail detail");
  });

  test("keep_watching within the maximum changes nothing and records nothing", () => {
    const before = canary(1);
    const result = apply(before, { type: "canary_verdict", at: T0 + MAX - 1, verdict: verdict("keep_watching", 1) });
    expect(result).toEqual({ state: before, ignored: null });
  });

  test("keep_watching past the maximum rolls back under the default policy", () => {
    const { state } = apply(canary(1), { type: "canary_verdict", at: T0 + MAX, verdict: verdict("keep_watching", 1) });
    expect(state.phase).toBe("rolling_back");
    expect(state.reason).toBe(`step 1 (20%) inconclusive after ${MAX} ms (maximum ${MAX} ms); policy rolls back`);
  });

  test("keep_watching past the maximum keeps the step under the default policy, which extends it twice", () => {
    const extending = defaultCanaryPolicy();
    expect(extending.onInconclusive).toBe("extend");
    const before = canary(1);
    expect(apply(before, { type: "canary_verdict", at: T0 + MAX, verdict: verdict("keep_watching", 1) }, extending)).toEqual({ state: before, ignored: null });
    expect(apply(before, { type: "canary_verdict", at: T0 + 3 * MAX - 1, verdict: verdict("keep_watching", 1) }, extending).state).toBe(before);
    expect(apply(before, { type: "supervisor_restarted", at: T0 + 2 * MAX }, extending).state.phase).toBe("canary");
  });

  test("keep_watching past every extension rolls back under the default policy, saying so", () => {
    const { state } = apply(canary(1), { type: "canary_verdict", at: T0 + 6 * MAX, verdict: verdict("keep_watching", 1) }, defaultCanaryPolicy());
    expect(state.phase).toBe("rolling_back");
    expect(state.reason).toBe(`step 1 (20%) inconclusive after ${6 * MAX} ms (maximum ${MAX} ms, extended 5 times); policy rolls back`);
  });

  test("keep_watching past the maximum advances when the policy promotes inconclusive steps", () => {
    const promoting = CanaryPolicy.parse({ onInconclusive: "promote" });
    const { state } = apply(canary(1), { type: "canary_verdict", at: T0 + MAX, verdict: verdict("keep_watching", 1) }, promoting);
    expect(state).toMatchObject({ phase: "canary", step: 2, stepStartedAt: T0 + MAX });
  });

  test("a verdict for another step is ignored as stale", () => {
    const before = canary(2);
    const result = apply(before, { type: "canary_verdict", at: T0 + 1, verdict: verdict("fail", 1) });
    expect(result.state).toBe(before);
    expect(result.ignored).toBe("canary_verdict ignored in canary: verdict for step 1, release is at step 2");
  });

  test("step_timed_out past the maximum rolls back", () => {
    expect(apply(canary(0), { type: "step_timed_out", at: T0 + MAX }).state.phase).toBe("rolling_back");
  });

  test("canary_unavailable rolls back a canary with the reason, and is ignored outside one", () => {
    const { state } = apply(canary(1), { type: "canary_unavailable", at: T0 + 5, reason: "port 8093 busy" });
    expect([state.phase, state.reason]).toEqual(["rolling_back", `canary at ${policy.steps[1].percent}% could not run: port 8093 busy`]);
    expect(apply(at({ phase: "preflight" }), { type: "canary_unavailable", at: T0, reason: "x" }).ignored).toBe("canary_unavailable ignored in preflight: no canary is running");
  });

  test("promotion_failed rolls a promotion back with the reason, and is ignored outside one", () => {
    const { state } = apply(at({ phase: "promoting" }), { type: "promotion_failed", at: T0 + 5, reason: "worker :8092 refused the model" });
    expect([state.phase, state.reason]).toEqual(["rolling_back", "promotion failed: worker :8092 refused the model"]);
    expect(apply(canary(0), { type: "promotion_failed", at: T0, reason: "x" }).ignored).toBe("promotion_failed ignored in canary: no promotion is running");
  });

  test("a verdict's arms are kept beside it as the decision's evidence", () => {
    const arms = { stable: { requests: 10 }, canary: { requests: 3 } };
    const { state } = apply(canary(0), { type: "canary_verdict", at: T0 + 1, verdict: verdict("fail", 0), arms });
    expect(state.history[0].evidence).toEqual({ ...verdict("fail", 0), arms });
  });

  test("step_timed_out before the maximum is ignored", () => {
    const result = apply(canary(0), { type: "step_timed_out", at: T0 + 5 });
    expect(result.state.phase).toBe("canary");
    expect(result.ignored).toBe(`step_timed_out ignored in canary: step 0 is 5 ms old, maximum ${MAX} ms`);
  });

  test("promotion_done ends a promotion as promoted", () => {
    const { state } = apply(at({ phase: "promoting" }), { type: "promotion_done", at: T0 });
    expect(state.phase).toBe("promoted");
    expect(state.history[0].detail).toBe("the candidate is production");
  });

  test("rollback_done ends a rollback as rolled_back, keeping the rollback's reason", () => {
    const { state } = apply(at({ phase: "rolling_back", reason: "canary failed" }), { type: "rollback_done", at: T0 });
    expect(state).toMatchObject({ phase: "rolled_back", reason: "canary failed" });
  });

  test("supervisor_restarted resumes a young canary step without moving its start", () => {
    const { state } = apply(canary(2), { type: "supervisor_restarted", at: T0 + MAX - 1 });
    expect(state).toMatchObject({ phase: "canary", step: 2, stepStartedAt: T0 });
    expect(state.history[0].detail).toBe(`supervisor restarted; resuming step 2 (${MAX - 1} ms old)`);
  });

  test("supervisor_restarted rolls back a canary step older than the maximum", () => {
    const { state } = apply(canary(2), { type: "supervisor_restarted", at: T0 + MAX });
    expect(state.phase).toBe("rolling_back");
    expect(state.reason).toBe(`supervisor restarted; step 2 is ${MAX} ms old, past the maximum ${MAX} ms`);
  });

  for (const phase of ["pending", "preflight", "promoting", "rolling_back"] as const) {
    test(`supervisor_restarted resumes ${phase} and records the restart`, () => {
      const { state, ignored } = apply(at({ phase }), { type: "supervisor_restarted", at: T0 });
      expect(ignored).toBeNull();
      expect(state.phase).toBe(phase);
      expect(state.history).toHaveLength(1);
    });
  }

  for (const phase of ["promoted", "rolled_back", "aborted"] as const) {
    test(`every event is ignored once the release is ${phase}`, () => {
      const before = at({ phase });
      const events: ReleaseEvent[] = [
        { type: "preflight_started", at: T0 }, { type: "preflight_passed", at: T0 }, { type: "preflight_failed", at: T0, reasons: [] },
        { type: "canary_verdict", at: T0, verdict: verdict("fail", 0) }, { type: "step_timed_out", at: T0 + MAX },
        { type: "promotion_done", at: T0 }, { type: "rollback_done", at: T0 }, { type: "supervisor_restarted", at: T0 },
      ];
      for (const event of events) {
        const result = apply(before, event);
        expect(result.state).toBe(before);
        expect(result.ignored).toBe(`${event.type} ignored in ${phase}: the release is over`);
      }
    });
  }

  test("events out of order for a running phase are ignored with a note", () => {
    const cases: [ReleaseState, ReleaseEvent, string][] = [
      [at({}), { type: "preflight_passed", at: T0 }, "preflight_passed ignored in pending: no preflight is running"],
      [canary(0), { type: "preflight_started", at: T0 }, "preflight_started ignored in canary: preflight starts only from pending"],
      [at({ phase: "preflight" }), { type: "canary_verdict", at: T0, verdict: verdict("pass", 0) }, "canary_verdict ignored in preflight: no canary is running"],
      [canary(0), { type: "promotion_done", at: T0 }, "promotion_done ignored in canary: no promotion is running"],
      [at({ phase: "promoting" }), { type: "rollback_done", at: T0 }, "rollback_done ignored in promoting: no rollback is running"],
      [at({ phase: "pending" }), { type: "step_timed_out", at: T0 }, "step_timed_out ignored in pending: no canary is running"],
    ];
    for (const [before, event, note] of cases) {
      expect(apply(before, event)).toEqual({ state: before, ignored: note });
    }
  });

  test("a whole release from pending to promoted walks every step", () => {
    let state = at({});
    let t = T0;
    state = apply(state, { type: "preflight_started", at: t }).state;
    state = apply(state, { type: "preflight_passed", at: t }).state;
    for (let step = 0; step < policy.steps.length; step++) {
      t += 600_000;
      state = apply(state, { type: "canary_verdict", at: t, verdict: verdict("pass", step) }).state;
    }
    state = apply(state, { type: "promotion_done", at: t }).state;
    expect(state.phase).toBe("promoted");
    expect(state.history.map((d) => d.to)).toEqual(["preflight", "canary", "canary", "canary", "canary", "promoting", "promoted"]);
  });
});
