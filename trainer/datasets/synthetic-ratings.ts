/**
 * Seeded synthetic ratings with a planted low-rank structure, for tests and
 * benchmarks that must not depend on downloaded data. Users and items are
 * drawn with a skew so a few are very active or very popular, as in real logs.
 */
import { type Random } from "../../shared/random/mulberry32.ts";
import { gaussian } from "../../shared/random/gaussian.ts";
import { type Interactions, InteractionsBuilder } from "./interactions.ts";

export type SyntheticRatingsOptions = {
  readonly users: number;
  readonly items: number;
  /** Distinct (user, item) pairs to rate; at most users × items / 2. */
  readonly ratings: number;
  /** Rank of the hidden taste vectors. */
  readonly rank: number;
  /** Standard deviation of the noise added before rounding to whole stars. */
  readonly noise: number;
};

/** Generates distinct ratings 1..5 from hidden factors; the same `random` seed gives the same set. */
export function syntheticRatings(options: SyntheticRatingsOptions, random: Random): Interactions {
  const { users, items, ratings, rank, noise } = options;
  if (ratings > (users * items) / 2) {
    throw new Error(`Cannot draw ${ratings} distinct ratings from ${users} users × ${items} items: at most half may be rated`);
  }
  // Each factor entry has variance 1/√rank, so the planted dot product has variance 1 at any rank.
  const scale = rank ** -0.25;
  const p = Float64Array.from({ length: users * rank }, () => gaussian(random) * scale);
  const q = Float64Array.from({ length: items * rank }, () => gaussian(random) * scale);
  const userBias = Float64Array.from({ length: users }, () => gaussian(random) * 0.4);
  const itemBias = Float64Array.from({ length: items }, () => gaussian(random) * 0.5);
  const seen = new Set<number>();
  const builder = new InteractionsBuilder();
  while (builder.length < ratings) {
    const u = Math.floor(users * random() ** 1.3);
    const i = Math.floor(items * random() ** 1.8);
    const key = u * items + i;
    if (seen.has(key)) continue;
    seen.add(key);
    let score = 3.6 + userBias[u] + itemBias[i] + gaussian(random) * noise;
    for (let f = 0; f < rank; f++) score += p[u * rank + f] * q[i * rank + f];
    const stars = Math.min(5, Math.max(1, Math.round(score)));
    builder.push(u, i, stars, 1_000_000_000_000 + builder.length * 1000);
  }
  return builder.build();
}
