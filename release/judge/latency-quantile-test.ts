/**
 * Latency as an always-valid quantile test (after Howard & Ramdas 2022, "Sequential
 * estimation of quantiles"). The question is whether the canary's q-quantile is above
 * `ratio × stable's q-quantile + slack`. Two time-uniform statements answer it:
 *
 * - stable: the count of stable latencies above stable's true q-quantile is a
 *   Bernoulli(1 − q) count, so a time-uniform lower bound on it (bernoulli-excess-evidence.ts)
 *   makes an order statistic an upper bound U on that quantile at every look;
 * - canary: if the canary's true q-quantile is at most the limit L = ratio × U + slack,
 *   its latencies above L are at most a Bernoulli(1 − q) count, so evidence that their
 *   share exceeds 1 − q reaching 2/alpha is a false alarm with probability ≤ alpha/2.
 *
 * Together a canary whose q-quantile is within the limit fails with probability ≤ alpha,
 * however often it is checked, whatever the shape of the latency distribution.
 */
import type { ArmStats } from "./arm-stats.ts";
import type { LatencyEvidence } from "./canary-verdict.ts";
import { countLowerBound, logShareEvidence } from "./bernoulli-excess-evidence.ts";
import { countAbove, histogramCount, valueWithRankFromTop } from "./latency-histogram.ts";

/** What the test needs besides the arms. */
export type LatencyLimit = { readonly quantile: number; readonly ratio: number; readonly slackMs: number; readonly alpha: number };

/** The test's evidence; null when either arm has no binned latencies or stable too few to bound its quantile. */
export function latencyQuantileTest(stable: ArmStats, canary: ArmStats, limit: LatencyLimit): LatencyEvidence {
  if (!stable.latencyHistogram || !canary.latencyHistogram) return null;
  const stableRequests = histogramCount(stable.latencyHistogram);
  const canaryRequests = histogramCount(canary.latencyHistogram);
  if (stableRequests === 0 || canaryRequests === 0) return null;
  const share = 1 - limit.quantile;
  // At least `slower + 1` stable latencies lie above stable's true quantile (time-uniformly),
  // so the value with `slower` latencies above it is at or above that quantile.
  const slower = countLowerBound(stableRequests, share, limit.alpha / 2);
  // Too few stable requests to bound its quantile yet: no limit, so nothing to judge.
  if (slower < 0) return null;
  const stableBound = valueWithRankFromTop(stable.latencyHistogram, slower);
  const limitMs = limit.ratio * stableBound + limit.slackMs;
  const above = countAbove(canary.latencyHistogram, limitMs);
  const logEvidence = logShareEvidence(above, canaryRequests, share, "above");
  const observed = (arm: ArmStats) => arm.latencyMs?.[limit.quantile >= 0.99 ? "p99" : "p95"] ?? null;
  return {
    stable: observed(stable) ?? stableBound,
    canary: observed(canary) ?? 0,
    limit: limitMs,
    stableBound,
    canaryAbove: above,
    canaryRequests,
    allowedShare: share,
    logEvidence,
    failed: logEvidence >= Math.log(2 / limit.alpha),
  };
}
