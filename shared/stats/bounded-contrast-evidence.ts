/**
 * Evidence by betting (Waudby-Smith & Ramdas 2024, "Estimating means of bounded random
 * variables by betting") on a contrast of two arms' means, μ_canary − k·μ_stable, when
 * every unit's value lies in [0, 1] and each unit joins the canary with a known
 * probability `share` (a salted bucket route). Each unit, in the order units arrive, gives
 * one weighted value
 *
 *   Z = (A/share)·(Y − k·c) − k·((1 − A)/(1 − share))·(Y − c),
 *
 * with A = 1 for a canary unit; its mean is μ_canary − k·μ_stable for any centre c fixed
 * in advance, so a whole release's units form one stream, valid from the first unit
 * without a central limit theorem, whatever the base rate. A gambler betting a fraction λ
 * of their wealth on the sign of Z would grow it as Π(1 + λZ/B) (B bounds Z on the bet's
 * losing side), a nonnegative martingale under the null. Its logarithm is at least
 * λ·ΣZ/B + (ln(1 − λ) + λ)·ΣZ²/B² (Fan, Grama & Liu 2015), so two sums per arm (Σy, Σy²)
 * suffice, and the judge, which sees only per-arm moments, needs no unit-level replay.
 * The evidence is the average of that bound over a fixed grid of bets λ and centres c
 * (an average of e-processes is one): the centre plays the pooled mean's part in CUPED,
 * removing the common level of both arms from the variance, and the mixture picks it
 * without peeking. Reaching 1/α is a false alarm with probability ≤ α at any number of looks.
 */

/** Sums of one arm's per-unit values, each in [0, 1]. */
export type BoundedSums = { readonly units: number; readonly sum: number; readonly squares: number };

/** Which null the evidence is against: `above` rejects "contrast ≤ 0", `below` rejects "contrast ≥ 0". */
export type ContrastSide = "above" | "below";

/** Bets λ: 0.9·2^(−j/2), j = 0..15 (0.9 down to about 0.005), each within √2 of its neighbour. */
export const BET_GRID: readonly number[] = Array.from({ length: 16 }, (_, j) => 0.9 * 2 ** (-j / 2));

/** Centres c of the values on the [0, 1] scale: low base rates sit near 0, an even split near 1/2. */
export const CENTRE_GRID: readonly number[] = [0, 1 / 8, 1 / 4, 1 / 2];

/** Sums of `units` values in [0, 1] from their mean and sample variance (n − 1 denominator). */
export function boundedSums(units: number, mean: number, variance: number): BoundedSums {
  if (units <= 0) return { units: 0, sum: 0, squares: 0 };
  return { units, sum: units * mean, squares: Math.max(0, (units - 1) * variance) + units * mean * mean };
}

/**
 * ln of the mixture e-value against the null on `side` of "μ_canary − k·μ_stable = 0",
 * when each unit is a canary unit with probability `share` (0 < share < 1). 0 when no unit
 * has arrived; never NaN.
 */
export function logContrastEvidence(stable: BoundedSums, canary: BoundedSums, share: number, k: number, side: ContrastSide): number {
  if (!(share > 0 && share < 1) || !(k > 0)) throw new RangeError(`logContrastEvidence() needs 0 < share < 1 and k > 0: got share ${share}, k ${k}`);
  const terms: number[] = [];
  for (const c of CENTRE_GRID) {
    const a = k * c;
    // ΣZ and ΣZ², expanded from the arms' sums for this centre.
    const sum = (canary.sum - canary.units * a) / share - (k * (stable.sum - stable.units * c)) / (1 - share);
    const squares = (canary.squares - 2 * a * canary.sum + canary.units * a * a) / share ** 2 +
      (k * k * (stable.squares - 2 * c * stable.sum + stable.units * c * c)) / (1 - share) ** 2;
    // The largest loss per unit on the bet's side: the null's Z is bounded below (above) by −B (B).
    const bound = side === "above"
      ? Math.max(a / share, (k * (1 - c)) / (1 - share))
      : Math.max((1 - a) / share, (k * c) / (1 - share));
    const signed = side === "above" ? sum / bound : -sum / bound;
    const scaled = Math.max(0, squares) / (bound * bound);
    for (const lambda of BET_GRID) terms.push(lambda * signed + (Math.log1p(-lambda) + lambda) * scaled);
  }
  return logMeanExp(terms);
}

function logMeanExp(terms: readonly number[]): number {
  const top = Math.max(...terms);
  let total = 0;
  for (const t of terms) total += Math.exp(t - top);
  return top + Math.log(total / terms.length);
}
