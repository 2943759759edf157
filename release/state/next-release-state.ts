/**
 * The release state machine: one pure transition per event. Expected events never
 * throw; an event that makes no sense in the current phase (a stale verdict, a
 * second restart after the end) returns the state unchanged with an `ignored` note,
 * so a confused or restarted supervisor cannot corrupt a release.
 */
import { type CanaryPolicy, stepDeadlineMs } from "../policy/canary-policy.ts";
import type { ReleaseEvent } from "./release-event.ts";
import { isTerminalPhase, type ReleasePhase, type ReleaseState } from "../../shared/release/release-state.ts";

/** The next state, and why the event was ignored when it was (null when it applied or needed no change). */
export type ReleaseTransition = { readonly state: ReleaseState; readonly ignored: string | null };

/** Applies one event to a release under `policy`; never throws for any event. */
export function nextReleaseState(state: ReleaseState, event: ReleaseEvent, policy: CanaryPolicy): ReleaseTransition {
  const ignore = (why: string): ReleaseTransition => ({ state, ignored: `${event.type} ignored in ${state.phase}: ${why}` });
  const move = (to: ReleasePhase, detail: string, evidence: unknown = null, patch: Partial<ReleaseState> = {}): ReleaseTransition => {
    const next = { ...state, ...patch, phase: to };
    const decision = { at: event.at, event: event.type, from: state.phase, to, step: next.step, detail, evidence };
    return { state: { ...next, history: [...state.history, decision] }, ignored: null };
  };
  const rollBack = (detail: string, evidence: unknown = null) => move("rolling_back", detail, evidence, { reason: detail });
  const advance = (detail: string, evidence: unknown = null): ReleaseTransition => {
    const last = state.step >= policy.steps.length - 1;
    if (last) return move("promoting", `${detail}; last step passed, promoting`, evidence, { reason: "every canary step passed" });
    const step = state.step + 1;
    return move("canary", `${detail}; advancing to ${policy.steps[step].percent}%`, evidence, { step, stepStartedAt: event.at, stepStreamStartedAt: null });
  };
  const stepAge = () => event.at - (state.stepStartedAt ?? event.at);
  // Past the maximum duration an `extend` policy keeps judging; the step ends at this deadline.
  const deadline = stepDeadlineMs(policy);

  if (isTerminalPhase(state.phase)) return ignore("the release is over");
  switch (event.type) {
    case "preflight_started":
      return state.phase === "pending" ? move("preflight", "preflight started") : ignore("preflight starts only from pending");
    case "preflight_passed":
      if (state.phase !== "preflight") return ignore("no preflight is running");
      return move("canary", `preflight passed; canary at ${policy.steps[0].percent}%`, event.evidence ?? null, { step: 0, stepStartedAt: event.at, stepStreamStartedAt: null });
    case "preflight_failed": {
      if (state.phase !== "preflight") return ignore("no preflight is running");
      const reason = `preflight failed: ${event.reasons.join("; ") || "no reason given"}`;
      return move("aborted", reason, event.evidence ?? { reasons: event.reasons }, { reason });
    }
    case "canary_verdict": {
      if (state.phase !== "canary") return ignore("no canary is running");
      const { verdict } = event;
      // A verdict computed for another step is stale (a slow check that raced a step change).
      if (verdict.evidence.step !== state.step) return ignore(`verdict for step ${verdict.evidence.step}, release is at step ${state.step}`);
      const why = verdict.reasons.map((r) => `${r.check}: ${r.detail}`).join("; ");
      const evidence = event.arms === undefined ? verdict : { ...verdict, arms: event.arms };
      if (verdict.outcome === "fail") return rollBack(`canary failed at ${policy.steps[state.step].percent}%: ${why}`, evidence);
      if (verdict.outcome === "pass") return advance(`step ${state.step} (${policy.steps[state.step].percent}%) passed`, evidence);
      // keep_watching: nothing to record (it comes every interval) unless the step has outlived its deadline.
      if (stepAge() < deadline) return { state, ignored: null };
      return inconclusive(evidence);
    }
    case "step_timed_out":
      if (state.phase !== "canary") return ignore("no canary is running");
      if (stepAge() < deadline) return ignore(`step ${state.step} is ${stepAge()} ms old, maximum ${deadline} ms`);
      return inconclusive(null);
    case "canary_unavailable":
      if (state.phase !== "canary") return ignore("no canary is running");
      return rollBack(`canary at ${policy.steps[state.step].percent}% could not run: ${event.reason}`);
    case "promotion_done":
      return state.phase === "promoting" ? move("promoted", "the candidate is production") : ignore("no promotion is running");
    case "promotion_failed":
      return state.phase === "promoting" ? rollBack(`promotion failed: ${event.reason}`) : ignore("no promotion is running");
    case "rollback_done":
      return state.phase === "rolling_back" ? move("rolled_back", "traffic is back on the previous model") : ignore("no rollback is running");
    case "supervisor_restarted":
      return restarted();
  }

  function inconclusive(evidence: unknown): ReleaseTransition {
    const extended = policy.onInconclusive === "extend" ? `, extended ${policy.inconclusiveExtensions} times` : "";
    const detail = `step ${state.step} (${policy.steps[state.step].percent}%) inconclusive after ${stepAge()} ms (maximum ${policy.maxStepDurationMs} ms${extended})`;
    return policy.onInconclusive === "promote" ? advance(`${detail}; policy promotes`, evidence) : rollBack(`${detail}; policy rolls back`, evidence);
  }

  // Restart policy: pending, preflight, promoting and rolling_back are resumed, since
  // their work is repeatable (preflight reads the registry; promotion and rollback set
  // routing to a known end state, so redoing them leaves nothing half-routed). A canary
  // resumes at its step, keeping the step's start, while that step is younger than its
  // deadline (the maximum duration and any extensions); an older one would have ended
  // already, so it is rolled back rather than trusted to judgement over a window the
  // supervisor did not watch.
  function restarted(): ReleaseTransition {
    if (state.phase !== "canary") return move(state.phase, `supervisor restarted; resuming ${state.phase}`);
    const age = stepAge();
    if (age < deadline) return move("canary", `supervisor restarted; resuming step ${state.step} (${age} ms old)`);
    return rollBack(`supervisor restarted; step ${state.step} is ${age} ms old, past the maximum ${deadline} ms`);
  }
}
