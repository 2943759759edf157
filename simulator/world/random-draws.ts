/** Draws from common distributions with a seeded generator, so every world and stream is reproducible. */
import type { Random } from "../../shared/random/mulberry32.ts";

/** An exponential draw with the given mean. */
export function drawExponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** An integer in [min, max]. */
export function drawInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Running sums of `weights`, for repeated draws with `drawFromCumulative`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) sums[i] = total += weights[i];
  return sums;
}

/** An index drawn with probability proportional to its weight (binary search over running sums). */
export function drawFromCumulative(random: Random, sums: Float64Array): number {
  const target = random() * sums[sums.length - 1];
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sums[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** An index drawn with probability proportional to its weight (linear scan: for short tables). */
export function drawWeighted(random: Random, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** An element drawn uniformly. */
export function drawItem<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}
