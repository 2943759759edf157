/**
 * Sequential evidence that the canary fails more often than stable, from
 * counts alone (after Lindon & Malek 2022, the test Netflix uses for canary
 * failure counts): under "equal rates" each failure lands in the canary with
 * probability π0 = canary requests / all requests. A beta mixture over that
 * probability gives a Bayes factor that is an e-value at every look (Ville),
 * so rejecting once it reaches 1/alpha keeps the false-alarm rate ≤ alpha.
 */
import betaln from "@stdlib/math-base-special-betaln";

/** The counts' verdict: rates, the log Bayes factor against equal rates, and whether the canary is worse. */
export type CountEvidence = {
  readonly canaryRate: number;
  readonly stableRate: number;
  readonly logBayesFactor: number;
  /** One-sided: only a canary share of failures above π0 counts against it. */
  readonly canaryWorse: boolean;
};

/** Evidence from `canaryFailures` of `canaryRequests` against `stableFailures` of `stableRequests`. */
export function countExcessEvidence(
  canaryFailures: number,
  canaryRequests: number,
  stableFailures: number,
  stableRequests: number,
  concentration: number,
): CountEvidence {
  const canaryRate = canaryRequests > 0 ? canaryFailures / canaryRequests : 0;
  const stableRate = stableRequests > 0 ? stableFailures / stableRequests : 0;
  const total = canaryFailures + stableFailures;
  if (canaryRequests === 0 || total === 0) return { canaryRate, stableRate, logBayesFactor: 0, canaryWorse: false };
  const p0 = canaryRequests / (canaryRequests + stableRequests);
  if (p0 >= 1) return { canaryRate, stableRate, logBayesFactor: 0, canaryWorse: canaryFailures > 0 };
  // Prior centred on the null share, so the mixture favours neither arm a priori.
  const a = concentration * p0;
  const b = concentration * (1 - p0);
  const logBayesFactor = betaln(a + canaryFailures, b + stableFailures) - betaln(a, b) -
    canaryFailures * Math.log(p0) - stableFailures * Math.log(1 - p0);
  return { canaryRate, stableRate, logBayesFactor, canaryWorse: canaryFailures / total > p0 };
}
