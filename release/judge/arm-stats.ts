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

/**
 * One failure counter with the user as the unit: each user's value is their own share of
 * failed requests in the window (so a user who fails every request counts once, not once
 * per request), and `failing` counts the users with at least one failure.
 */
export const UserFailures = UserMoments.extend({ failing: Count });
export type UserFailures = z.infer<typeof UserFailures>;

/**
 * Latency counts in log-spaced bins: bin b holds latencies in
 * [expm1(b / LATENCY_BINS_PER_LOG_UNIT), expm1((b + 1) / LATENCY_BINS_PER_LOG_UNIT)) ms,
 * listed as [bin, count] pairs for the non-empty bins. Any order statistic and any
 * exceedance count is then bounded within one bin (about 1.6 % of the latency).
 */
export const LatencyHistogram = z.array(z.tuple([z.number().int().min(0).max(4096), Count])).max(4097);
export type LatencyHistogram = z.infer<typeof LatencyHistogram>;

/** Bins per natural-log unit of 1 + latency in ms: 64 bins make each about 1.6 % wide. */
export const LATENCY_BINS_PER_LOG_UNIT = 64;

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
  /**
   * The failure counters per user. Absent in evidence recorded before users were the
   * unit; the judge then reads each request as its own user.
   */
  userFailures: z.object({ errors: UserFailures, timeouts: UserFailures, fallbacks: UserFailures }).optional(),
  /**
   * Users telemetry saw in this arm only during the window, whatever their requests'
   * status (users seen in both arms, as at a step change, are left out): the sample-ratio
   * check's counts. Absent in evidence recorded before it was checked.
   */
  telemetryUsers: Count.optional(),
  /** Latency quantiles of the window, null before any request. */
  latencyMs: z.object({ p95: z.number().min(0), p99: z.number().min(0) }).nullable(),
  /** The window's latencies binned; absent in old evidence, where latency is then not judged. */
  latencyHistogram: LatencyHistogram.optional(),
  conversion: UserMoments,
  watch_minutes: UserMoments,
});
export type ArmStats = z.infer<typeof ArmStats>;

/** The failure counters a guardrail count test reads. */
export type FailureCounter = "errors" | "timeouts" | "fallbacks";
