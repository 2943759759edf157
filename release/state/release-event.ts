/** What can happen to a release; each event carries the caller's clock reading `at` (epoch ms). */
import type { CanaryVerdict } from "../judge/canary-verdict.ts";

/** An event the supervisor feeds to `nextReleaseState`; a verdict's `arms` (the window it judged) is kept with it as evidence. */
export type ReleaseEvent =
  | { readonly type: "preflight_started"; readonly at: number }
  | { readonly type: "preflight_passed"; readonly at: number; readonly evidence?: unknown }
  | { readonly type: "preflight_failed"; readonly at: number; readonly reasons: readonly string[]; readonly evidence?: unknown }
  | { readonly type: "canary_verdict"; readonly at: number; readonly verdict: CanaryVerdict; readonly arms?: unknown }
  | { readonly type: "step_timed_out"; readonly at: number }
  /** The canary could not be run (worker would not start, rules could not be written) after repeated attempts. */
  | { readonly type: "canary_unavailable"; readonly at: number; readonly reason: string }
  | { readonly type: "promotion_done"; readonly at: number }
  /** Stable workers could not all be moved to the candidate: the release is rolled back. */
  | { readonly type: "promotion_failed"; readonly at: number; readonly reason: string }
  | { readonly type: "rollback_done"; readonly at: number }
  | { readonly type: "supervisor_restarted"; readonly at: number };
