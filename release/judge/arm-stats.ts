/**
 * What the judge reads about one arm (stable or canary) over one window. The
 * caller aggregates telemetry into these summaries; the judge never sees rows.
 */
import { z } from "zod";

const Count = z.number().int().min(0);

/** Per-user moments of one metric: each user contributes one value (their own mean). */
export const UserMoments = z.object({
  users: Count,
  mean: z.number(),
  /** Sample variance across users (n − 1 denominator); 0 when fewer than two users. */
  variance: z.number().min(0),
});
export type UserMoments = z.infer<typeof UserMoments>;

/** One arm's window: request counts by outcome, latency quantiles, per-user quality moments. */
export const ArmStats = z.object({
  requests: Count,
  /** Answers that failed with an error status (timeouts excluded). */
  errors: Count,
  timeouts: Count,
  /** Answers served from the router's fallback list instead of the model. */
  fallbacks: Count,
  /**
   * Availability (measurement/availability): requests not answered 200 before the site's
   * timeout. Absent in evidence recorded before it was measured.
   */
  unavailable: Count.optional(),
  /** Available requests answered from the fallback list (a fallback in time is degraded, not unavailable). Absent in old evidence. */
  degraded: Count.optional(),
  /** Latency quantiles of the window, null before any request. */
  latencyMs: z.object({ p95: z.number().min(0), p99: z.number().min(0) }).nullable(),
  conversion: UserMoments,
  watch_minutes: UserMoments,
});
export type ArmStats = z.infer<typeof ArmStats>;

/** The failure counters a guardrail count test reads. */
export type FailureCounter = "errors" | "timeouts" | "fallbacks";
