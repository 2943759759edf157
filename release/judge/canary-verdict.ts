/** What one check of a canary decides, why, and the figures behind it. */
import type { CountEvidence } from "./count-excess-evidence.ts";
import type { LiftInterval } from "./lift-sequence.ts";

/** pass: leave this step; fail: roll back; keep_watching: ask again at the next interval. */
export type CanaryOutcome = "pass" | "fail" | "keep_watching";

/** One check's finding in words, with the check's name so callers can group them. */
export type CanaryReason = { readonly check: string; readonly outcome: CanaryOutcome; readonly detail: string };

/** Latency quantiles side by side with the limit they were held to. */
export type LatencyEvidence = { readonly stable: number; readonly canary: number; readonly limit: number } | null;

/** The figures every reason was computed from, for the email and the audit trail. */
export type CanaryEvidence = {
  readonly requests: { readonly stable: number; readonly canary: number };
  readonly counts: Readonly<Record<string, CountEvidence>>;
  readonly latency: { readonly p95: LatencyEvidence; readonly p99: LatencyEvidence };
  readonly quality: Readonly<Record<string, LiftInterval | null>>;
  readonly step: number;
  readonly elapsedMs: number;
};

/** The judge's answer: never thrown, always returned. */
export type CanaryVerdict = {
  readonly outcome: CanaryOutcome;
  readonly reasons: readonly CanaryReason[];
  readonly evidence: CanaryEvidence;
};
