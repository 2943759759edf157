/**
 * One check of a canary step: aggregate the window's telemetry and stream into both
 * arms' summaries and ask the judge. The supervisor calls it at every check interval,
 * and `release replay` calls it on a recorded release or recorded files, so a replay
 * judges exactly as the supervisor did.
 */
import type postgres from "postgres";
import { type CanaryElapsed, judgeCanary } from "../judge/judge-canary.ts";
import type { ArmStats } from "../judge/arm-stats.ts";
import type { CanaryVerdict } from "../judge/canary-verdict.ts";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import { type ArmWindow, type ArmWindowStats, readArmStats } from "./read-arm-stats.ts";
import { type CanaryPreferences, readCanaryPreferences } from "./read-canary-preferences.ts";

/** The verdict of one check with the summaries it was reached from; `preferences` only when the policy interleaves. */
export type WindowJudgement = { readonly verdict: CanaryVerdict; readonly arms: ArmWindowStats; readonly preferences?: CanaryPreferences };

/**
 * Judges `window` at `elapsed`. `previousStable` is the stable arm the step before judged
 * (previous-stable-arm.ts): at 100 % no user is left in the stable arm, so the guardrails
 * compare with it instead. With the policy's interleaved test, the interleaved canary
 * users' final preferences are read over the same window and judged too.
 */
export async function judgeWindow(
  sql: postgres.Sql,
  policy: CanaryPolicy,
  window: ArmWindow,
  elapsed: CanaryElapsed,
  previousStable: ArmStats | null,
): Promise<WindowJudgement> {
  const arms = await readArmStats(sql, window);
  const preferences = policy.interleave ? await readCanaryPreferences(sql, window) : undefined;
  const reference = arms.stable.requests > 0 ? null : previousStable;
  const verdict = judgeCanary(policy, arms.stable, arms.canary, elapsed, reference, preferences?.final ?? null);
  return preferences ? { verdict, arms, preferences } : { verdict, arms };
}
