/**
 * `release replay <release-id>`: re-judges a recorded release from the database under
 * a policy, step by step, as the supervisor would have judged it. Each step's window is
 * what the release recorded: from the decision that began the step to the decision
 * that left it (or now, for a step still running), with a check every interval and a
 * last one where the step ended. The stream's clock comes from ingestion's own record
 * (measurement/stream-clock.ts), except at the current step's start, which the release keeps.
 */
import type postgres from "postgres";
import { readStoredRules } from "../../infra/rules/read-stored-rules.ts";
import type { ReleaseDecision, ReleaseState } from "../../shared/release/release-state.ts";
import type { ArmStats } from "../judge/arm-stats.ts";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import { CANARY_POOL } from "../supervisor/canary-rules.ts";
import { stepChecks } from "./check-schedule.ts";
import { type ReplayCheck, type ReplayedStep, replayStep } from "./replay-step.ts";
import { readStreamClockAt } from "../../measurement/stream-clock.ts";
import type { SiteSettings } from "./replay-files.ts";

/** One step the release entered: its index, and when it began and ended (epoch ms). */
export type RecordedStep = { readonly step: number; readonly start: number; readonly end: number; readonly current: boolean };

/**
 * The steps `state` entered, in order. A step begins with a decision that moves the
 * release into the canary at a new step (a supervisor restart resumes one, and does not
 * begin it), and ends at the next decision that moves it anywhere else.
 */
export function recordedSteps(state: ReleaseState, now: number): RecordedStep[] {
  const steps: RecordedStep[] = [];
  const history = state.history;
  const inStep = (d: ReleaseDecision, step: number) => d.to === "canary" && d.step === step;
  for (let i = 0; i < history.length; i++) {
    const d = history[i];
    if (d.to !== "canary" || (d.from === "canary" && i > 0 && inStep(history[i - 1], d.step))) continue;
    const leaving = history.slice(i + 1).find((later) => !inStep(later, d.step));
    steps.push({ step: d.step, start: d.at, end: leaving?.at ?? Math.max(d.at, now), current: leaving === undefined });
  }
  return steps;
}

/** The stream and site settings the supervisor ran with. */
export type ReleaseReplaySettings = SiteSettings & { readonly streamTopic: string; readonly routingSettleMs: number };

/** One replayed step, with the percentage the policy gives it. */
export type ReplayedReleaseStep = ReplayedStep & { readonly percent: number; readonly step: number };

/** Replays every step `state` entered, under `policy`. */
export async function replayRelease(
  sql: postgres.Sql,
  state: ReleaseState,
  policy: CanaryPolicy,
  settings: ReleaseReplaySettings,
  now: number,
  onCheck?: (step: RecordedStep, check: ReplayCheck, index: number) => void,
): Promise<ReplayedReleaseStep[]> {
  const rules = await readStoredRules(sql);
  const stablePool = rules ? rules.defaultPool : "stable";
  const clockAt = async (t: number) => (await readStreamClockAt(sql, settings.streamTopic, t)) ?? t;
  const replayed: ReplayedReleaseStep[] = [];
  let previous: { step: number; stable: ArmStats | null } | null = null;
  for (const recorded of recordedSteps(state, now)) {
    // The supervisor read the stream's clock once routing had settled; the release keeps it for its current step.
    const streamFrom = recorded.current && state.stepStreamStartedAt !== null
      ? state.stepStreamStartedAt
      : await clockAt(recorded.start + settings.routingSettleMs);
    const step = await replayStep(
      sql,
      policy,
      recorded.step,
      {
        stablePool,
        canaryPool: CANARY_POOL,
        from: recorded.start,
        streamFrom,
        conversionWindowMs: settings.conversionWindowMs,
        clientTimeoutMs: settings.clientTimeoutMs,
      },
      stepChecks(recorded.start, recorded.end, policy.checkIntervalMs),
      clockAt,
      // At 100 % the guardrails compare with the stable arm the step before ended on, as judged here.
      previous?.step === recorded.step - 1 ? previous.stable : null,
      onCheck && ((check, index) => onCheck(recorded, check, index)),
    );
    const percent = policy.steps[Math.min(recorded.step, policy.steps.length - 1)].percent;
    replayed.push({ ...step, percent, step: recorded.step });
    previous = { step: recorded.step, stable: step.lastStable };
  }
  return replayed;
}
