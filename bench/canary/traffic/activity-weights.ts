/**
 * How unequally users use the site: each user's share of all requests. Real request
 * counts per user are heavy-tailed, so a few users make a large part of the traffic,
 * and a per-request statistic then leans on whichever of them one arm happened to get.
 */
import { gaussian } from "../../../shared/random/gaussian.ts";
import type { Random } from "../../../shared/random/mulberry32.ts";

/** Lognormal activity (moderately unequal) or Zipf's law over user ranks (a few users dominate). */
export type ActivityModel =
  | { readonly kind: "lognormal"; readonly sigma: number }
  | { readonly kind: "zipf"; readonly exponent: number };

/** The activity weight of each of `users` users (user i is index i; any positive scale). */
export function activityWeights(users: number, model: ActivityModel, random: Random): Float64Array {
  if (!Number.isInteger(users) || users < 1) throw new RangeError(`activityWeights() needs at least one user: current value is ${users}`);
  const weights = new Float64Array(users);
  for (let i = 0; i < users; i++) {
    // Zipf by rank: user 0 is the busiest; ranks carry no other meaning, as arms are assigned by hash.
    weights[i] = model.kind === "zipf" ? (i + 1) ** -model.exponent : Math.exp(model.sigma * gaussian(random));
  }
  return weights;
}

/** The share of all activity held by the busiest `fraction` of users. */
export function topShare(weights: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(weights).sort().reverse();
  const top = Math.max(1, Math.round(fraction * sorted.length));
  let held = 0;
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    total += sorted[i];
    if (i < top) held += sorted[i];
  }
  return held / total;
}
