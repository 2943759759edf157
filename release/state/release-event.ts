/** What can happen to a release; each event carries the caller's clock reading `at` (epoch ms). */
import type { CanaryVerdict } from "../judge/canary-verdict.ts";

/** An event the supervisor feeds to `nextReleaseState`. */
export type ReleaseEvent =
  | { readonly type: "preflight_started"; readonly at: number }
  | { readonly type: "preflight_passed"; readonly at: number; readonly evidence?: unknown }
  | { readonly type: "preflight_failed"; readonly at: number; readonly reasons: readonly string[]; readonly evidence?: unknown }
  | { readonly type: "canary_verdict"; readonly at: number; readonly verdict: CanaryVerdict }
  | { readonly type: "step_timed_out"; readonly at: number }
  | { readonly type: "promotion_done"; readonly at: number }
  | { readonly type: "rollback_done"; readonly at: number }
  | { readonly type: "supervisor_restarted"; readonly at: number };
