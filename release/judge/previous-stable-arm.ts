/**
 * The guardrails' reference when a step routes every user to the canary: the stable
 * arm of the step before, as the decision that left that step recorded it (the release
 * state keeps every decision with its evidence, so nothing new is stored). Evidence is
 * read back from the database, so it is validated like any outside input.
 */
import { ArmStats } from "./arm-stats.ts";
import type { ReleaseState } from "../../shared/release/release-state.ts";

/** The stable arm judged at the step before `state.step`, or null when none was recorded. */
export function previousStableArm(state: Pick<ReleaseState, "step" | "history">): ArmStats | null {
  for (let i = state.history.length - 1; i >= 0; i--) {
    const decision = state.history[i];
    // The decision that moved the release into its current step carries the last window of the step before.
    if (decision.to !== "canary" || decision.step !== state.step || decision.from !== "canary") continue;
    const arms = (decision.evidence as { arms?: { stable?: unknown } } | null)?.arms;
    const parsed = ArmStats.safeParse(arms?.stable);
    return parsed.success && parsed.data.requests > 0 ? parsed.data : null;
  }
  return null;
}
