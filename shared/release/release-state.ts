/**
 * A release as the supervisor persists it: which model replaces which, where the
 * canary stands, and every decision taken with its evidence. Times are epoch
 * milliseconds from the caller's clock, so the state machine stays pure.
 */
import { z } from "zod";
import { ModelVersion } from "../model/manifest.ts";

/** pending → preflight → canary (steps) → promoting → promoted, or rolling_back → rolled_back, or aborted. */
export const ReleasePhase = z.enum(["pending", "preflight", "canary", "promoting", "promoted", "rolling_back", "rolled_back", "aborted"]);
export type ReleasePhase = z.infer<typeof ReleasePhase>;

/** Phases a release never leaves; a release in any other phase holds the one-release lock. */
export const TERMINAL_PHASES: readonly ReleasePhase[] = ["promoted", "rolled_back", "aborted"];

/** True when the release is over and no event changes it any more. */
export function isTerminalPhase(phase: ReleasePhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** One recorded transition: the event that caused it, the phases around it, why, and the figures behind it. */
export const ReleaseDecision = z.object({
  at: z.number().int(),
  event: z.string().min(1),
  from: ReleasePhase,
  to: ReleasePhase,
  step: z.number().int().min(0),
  detail: z.string(),
  evidence: z.unknown(),
});
export type ReleaseDecision = z.infer<typeof ReleaseDecision>;

/** The whole release, stored as jsonb and validated whenever it is read back. */
export const ReleaseState = z.object({
  id: z.number().int().min(1),
  modelVersion: ModelVersion,
  /** Production when the release started: what a rollback routes back to (null when there was none). */
  previousVersion: ModelVersion.nullable(),
  phase: ReleasePhase,
  /** Index into the policy's steps; meaningful in canary, kept afterwards to show how far the canary got. */
  step: z.number().int().min(0),
  /** When the current step began (epoch ms); null before the canary starts. */
  stepStartedAt: z.number().int().nullable(),
  /**
   * The stream's clock when the current step's routing took effect: where its
   * behaviour window starts (the site's clock may run apart from the supervisor's).
   */
  stepStreamStartedAt: z.number().int().nullable().default(null),
  history: z.array(ReleaseDecision),
  /** Why the release ended or is ending (abort, rollback, promotion); null while it runs. */
  reason: z.string().nullable(),
});
export type ReleaseState = z.infer<typeof ReleaseState>;

/** A release that has just been created: pending, nothing decided yet. */
export function newReleaseState(id: number, modelVersion: string, previousVersion: string | null): ReleaseState {
  return { id, modelVersion, previousVersion, phase: "pending", step: 0, stepStartedAt: null, stepStreamStartedAt: null, history: [], reason: null };
}
