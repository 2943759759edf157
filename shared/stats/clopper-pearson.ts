/**
 * The exact (Clopper & Pearson 1934) confidence interval for a binomial proportion: the
 * set of p that a two-sided level-α binomial test of x successes in n trials does not
 * reject, with α split evenly between the tails. In beta quantiles:
 *   lower = B⁻¹(α/2; x, n − x + 1)   (0 when x = 0)
 *   upper = B⁻¹(1 − α/2; x + 1, n − x)   (1 when x = n)
 * With no successes (or no failures) the beta quantile has the closed form
 * 1 − (α/2)^(1/n) (or (α/2)^(1/n)), used as such. Its coverage is at least the level for
 * every p, which is why a benchmark's error rate is judged on its upper bound.
 */
import { betaQuantile } from "./beta-distribution.ts";

/** A two-sided interval for a proportion. */
export type ProportionInterval = { readonly lower: number; readonly upper: number };

/** The Clopper–Pearson interval at `level` (default 95%) for `successes` of `trials`; [0, 1] for no trials. */
export function clopperPearson(successes: number, trials: number, level = 0.95): ProportionInterval {
  if (!Number.isInteger(trials) || trials < 0) {
    throw new RangeError(`clopperPearson() needs a whole number of trials ≥ 0: current value is ${trials}`);
  }
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`clopperPearson() needs whole successes from 0 to ${trials}: current value is ${successes}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`clopperPearson() needs a level in (0, 1): current value is ${level}`);
  if (trials === 0) return { lower: 0, upper: 1 };
  const tail = (1 - level) / 2;
  // (α/2)^(1/n), and its complement without cancellation for large n.
  const root = Math.exp(Math.log(tail) / trials);
  const rootComplement = -Math.expm1(Math.log(tail) / trials);
  return {
    lower: successes === 0 ? 0 : successes === trials ? root : betaQuantile(tail, successes, trials - successes + 1),
    upper: successes === trials ? 1 : successes === 0 ? rootComplement : betaQuantile(1 - tail, successes + 1, trials - successes),
  };
}
