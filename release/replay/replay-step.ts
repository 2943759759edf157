/**
 * Re-judges one canary step over recorded data: `judgeWindow` (the supervisor's own
 * check) at every scheduled check until the judge passes or fails the step, or the
 * data ends first. Nothing here aggregates or judges; it only walks the schedule, so a
 * replay decides exactly as the supervisor would have.
 */
import type postgres from "postgres";
import type { ArmStats } from "../judge/arm-stats.ts";
import type { CanaryOutcome, CanaryVerdict } from "../judge/canary-verdict.ts";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import { judgeWindow } from "../supervisor/judge-window.ts";
import type { ArmWindow } from "../supervisor/read-arm-stats.ts";
import type { ScheduledCheck } from "./check-schedule.ts";

/** What a replayed step came to: `inconclusive` when the data ended before a pass or a fail. */
export type ReplayOutcome = "pass" | "fail" | "inconclusive";

/** One check as the timeline shows it. */
export type ReplayCheck = {
  readonly elapsedMs: number;
  readonly outcome: CanaryOutcome;
  /** The judge's reasons in one line, as the release history words them. */
  readonly reason: string;
  readonly requests: { readonly stable: number; readonly canary: number };
};

/**
 * The step's replay. `decidedAtMs` is the deciding check's time since the step began
 * (null when inconclusive); `reason` the judge's reason for the decision (null when
 * inconclusive); `checks` the checks run up to the decision, or to the end.
 */
export type ReplayedStep = {
  readonly outcome: ReplayOutcome;
  readonly decidedAtMs: number | null;
  readonly reason: string | null;
  readonly checks: number;
  readonly timeline: readonly ReplayCheck[];
  /** The stable arm of the last check: the reference of a following step that leaves the stable arm empty. */
  readonly lastStable: ArmStats | null;
};

/** The window of one check, without its end (the schedule gives it) and its stream clock (the caller's). */
export type StepWindow = Omit<ArmWindow, "to" | "streamTo">;

/** The judge's reasons in one line, as the release state machine records them. */
export function verdictReason(verdict: CanaryVerdict): string {
  return verdict.reasons.map((r) => `${r.check}: ${r.detail}`).join("; ");
}

/**
 * Judges step `step` of `policy` at each check of `schedule` over `window`;
 * `streamClockAt(t)` is the stream's clock the supervisor would have read at `t`.
 */
export async function replayStep(
  sql: postgres.Sql,
  policy: CanaryPolicy,
  step: number,
  window: StepWindow,
  schedule: readonly ScheduledCheck[],
  streamClockAt: (t: number) => Promise<number | null> | number | null,
  previousStable: ArmStats | null = null,
  onCheck?: (check: ReplayCheck, index: number) => void,
): Promise<ReplayedStep> {
  const timeline: ReplayCheck[] = [];
  let lastStable: ArmStats | null = null;
  for (const scheduled of schedule) {
    const { verdict, arms } = await judgeWindow(
      sql,
      policy,
      { ...window, to: scheduled.to, streamTo: await streamClockAt(scheduled.to) },
      { step, ms: scheduled.elapsedMs },
      previousStable,
    );
    const check: ReplayCheck = {
      elapsedMs: scheduled.elapsedMs,
      outcome: verdict.outcome,
      reason: verdictReason(verdict),
      requests: verdict.evidence.requests,
    };
    timeline.push(check);
    lastStable = arms.stable;
    onCheck?.(check, timeline.length);
    if (verdict.outcome !== "keep_watching") {
      return { outcome: verdict.outcome, decidedAtMs: scheduled.elapsedMs, reason: check.reason, checks: timeline.length, timeline, lastStable };
    }
  }
  return { outcome: "inconclusive", decidedAtMs: null, reason: null, checks: timeline.length, timeline, lastStable };
}

/** The step's line of `--json`, with exactly the keys operators' scripts read. */
export function replayResult(step: ReplayedStep): { outcome: ReplayOutcome; decidedAtMs: number | null; reason: string | null; checks: number } {
  return { outcome: step.outcome, decidedAtMs: step.decidedAtMs, reason: step.reason, checks: step.checks };
}
