/** What one check of a canary decides, why, and the figures behind it. */
import type { FailureEvidence } from "./failure-excess-test.ts";
import type { PreferenceEvidence } from "./judge-preference.ts";
import type { LiftInterval } from "./lift-sequence.ts";
import type { SampleRatioEvidence } from "./sample-ratio-test.ts";

/** pass: leave this step; fail: roll back; keep_watching: ask again at the next interval. */
export type CanaryOutcome = "pass" | "fail" | "keep_watching";

/** One check's finding in words, with the check's name so callers can group them. */
export type CanaryReason = { readonly check: string; readonly outcome: CanaryOutcome; readonly detail: string };

/**
 * A latency quantile test (latency-quantile-test.ts): the arms' observed quantiles, the
 * limit the canary was held to (ratio × stable's time-uniform upper bound + slack), the
 * canary requests above that limit and the log e-value that their share exceeds the
 * quantile's allowance. Null when the test could not run yet.
 */
export type LatencyEvidence = {
  readonly stable: number;
  readonly canary: number;
  readonly limit: number;
  readonly stableBound: number;
  readonly canaryAbove: number;
  readonly canaryRequests: number;
  readonly allowedShare: number;
  readonly logEvidence: number;
  readonly failed: boolean;
} | null;

/** The figures every reason was computed from, for the email and the audit trail. */
export type CanaryEvidence = {
  readonly requests: { readonly stable: number; readonly canary: number };
  readonly counts: Readonly<Record<string, FailureEvidence>>;
  readonly latency: { readonly p95: LatencyEvidence; readonly p99: LatencyEvidence };
  readonly quality: Readonly<Record<string, LiftInterval | null>>;
  /** The sample-ratio check (null at 100 % or without user counts); absent in evidence recorded before it existed. */
  readonly sampleRatio?: SampleRatioEvidence | null;
  /** The interleaved preference test; present only when the policy interleaves. */
  readonly preference?: PreferenceEvidence;
  /** What the guardrails compared the canary with: this step's stable arm, the previous step's, or none. */
  readonly reference: "stable" | "previous_step" | "none";
  readonly step: number;
  readonly elapsedMs: number;
};

/** The judge's answer: never thrown, always returned. */
export type CanaryVerdict = {
  readonly outcome: CanaryOutcome;
  readonly reasons: readonly CanaryReason[];
  readonly evidence: CanaryEvidence;
};
