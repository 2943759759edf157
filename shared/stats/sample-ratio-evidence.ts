/**
 * A sequential sample-ratio check: evidence that units join an arm with a probability
 * other than the configured `share`. Under the null each unit is a Bernoulli(share) draw,
 * and the Beta-binomial mixture of likelihood ratios,
 *
 *   E = B(k + a, n − k + b) / B(a, b) / (share^k · (1 − share)^(n − k)),
 *
 * (k of n units in the arm; a Beta(a, b) prior on the true share) is a nonnegative
 * martingale with mean 1, so it reaches 1/α with probability ≤ α however often it is
 * looked at (Ville's inequality; the multinomial form is Lindon & Malek 2022,
 * "Anytime-valid inference for multinomial count data"). The prior is centred on `share`
 * with a standard deviation of `relativeSpread × share`, so the evidence grows fastest
 * against mismatches of about that relative size and still grows against any other.
 */
import betaln from "@stdlib/math-base-special-betaln";

/** The prior's standard deviation as a share of `share`: mismatches of ±20 % (relative) are what it is tuned to see. */
export const SAMPLE_RATIO_RELATIVE_SPREAD = 0.2;

/** ln E for `inArm` of `units` units in the arm, against "each unit is in it with probability `share`". */
export function logSampleRatioEvidence(inArm: number, units: number, share: number, relativeSpread = SAMPLE_RATIO_RELATIVE_SPREAD): number {
  if (!(share > 0 && share < 1)) throw new RangeError(`logSampleRatioEvidence() needs 0 < share < 1: got ${share}`);
  if (!(Number.isInteger(inArm) && Number.isInteger(units) && inArm >= 0 && inArm <= units)) {
    throw new RangeError(`logSampleRatioEvidence() needs whole counts 0 ≤ inArm ≤ units: got ${inArm} of ${units}`);
  }
  // Beta(a, b) with mean `share` and sd `relativeSpread·share`; at least one unit of prior weight.
  const weight = Math.max(1, (1 - share) / (relativeSpread * relativeSpread * share) - 1);
  const a = share * weight;
  const b = (1 - share) * weight;
  const out = units - inArm;
  return betaln(inArm + a, out + b) - betaln(a, b) - inArm * Math.log(share) - out * Math.log1p(-share);
}
