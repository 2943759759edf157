/** A half-open interval [start, end) of the unit hash range that selects one variation. */
export type BucketRange = [number, number];

/** Weights summing below this are refused (equal weights replace them), as GrowthBook's SDKs do. */
export const WEIGHT_SUM_MIN = 0.99;
/** Weights summing above this are refused (equal weights replace them), as GrowthBook's SDKs do. */
export const WEIGHT_SUM_MAX = 1.01;

function equalWeights(numVariations: number): number[] {
  return Array.from({ length: numVariations }, () => 1 / numVariations);
}

function validWeights(numVariations: number, weights: number[] | undefined): number[] {
  if (!weights || weights.length !== numVariations) return equalWeights(numVariations);
  let sum = 0;
  for (const w of weights) sum += w;
  // `!(…)` also rejects a NaN sum.
  if (!(sum >= WEIGHT_SUM_MIN && sum <= WEIGHT_SUM_MAX)) return equalWeights(numVariations);
  return weights;
}

/**
 * One bucket range per variation, as GrowthBook lays them out: range i starts at the sum
 * of the weights before it and spans coverage × weight_i. Starts are not scaled by
 * coverage, so raising coverage later only adds users and never moves anyone between
 * variations.
 */
export function getBucketRanges(
  numVariations: number,
  coverage = 1,
  weights?: number[],
): BucketRange[] {
  if (!Number.isInteger(numVariations) || numVariations <= 0) return [];
  // NaN coverage (impossible after schema validation) counts as 0: include nobody.
  const c = Number.isNaN(coverage) ? 0 : Math.min(1, Math.max(0, coverage));
  let cumulative = 0;
  return validWeights(numVariations, weights).map((w): BucketRange => {
    const start = cumulative;
    cumulative += w;
    return [start, start + c * w];
  });
}
