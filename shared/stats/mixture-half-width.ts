/**
 * The normal-mixture boundary (Robbins 1970; Howard et al. 2021; the asymptotic
 * confidence sequences of Waudby-Smith et al. 2023): for an estimate whose
 * variance is 1/information, |estimate − truth| stays below this half-width at
 * every check at once with probability ≥ 1 − alpha, however often one looks.
 */
import quantile from "@stdlib/stats-base-dists-normal-quantile";

/** The mixture's precision ρ² that makes the boundary tightest at `plannedInformation`. */
export function mixturePrecision(alpha: number, plannedInformation: number): number {
  const a = -2 * Math.log(alpha);
  return (a + Math.log(a + 1)) / plannedInformation;
}

/** Information (1/variance) a fixed-sample two-sided test needs to see `effect` with `power`. */
export function plannedInformation(alpha: number, power: number, effect: number): number {
  const z = quantile(1 - alpha / 2, 0, 1) + quantile(power, 0, 1);
  return (z / effect) ** 2;
}

/** Two-sided always-valid half-width at `information`, for precision `rho2` (Infinity when there is none). */
export function mixtureHalfWidth(alpha: number, rho2: number, information: number): number {
  if (!(information > 0)) return Infinity;
  if (information === Infinity) return 0;
  const grown = information * rho2 + 1;
  return Math.sqrt(
    (2 * grown / (information * information * rho2)) * Math.log(Math.sqrt(grown) / alpha),
  );
}
