/**
 * Whether recommendations still reach the long tail, per time bucket. The head is
 * the most-watched fifth of the catalogue over the whole period (watch starts, so
 * popularity is what people chose, not what they were shown); everything else is
 * the tail. A feedback loop shows as the tail's share of slots and the part of the
 * tail ever shown shrinking.
 */
import type { AnalysisInput } from "./analysis-input.ts";
import { exposureCounts } from "./exposure-concentration.ts";
import type { TimeBucket } from "./time-buckets.ts";

/** Share of the catalogue counted as the popular head. */
export const HEAD_FRACTION = 0.2;

/** One bucket's long-tail figures. */
export type TailBucket = TimeBucket & {
  /** Share of exposures that went to tail movies. */
  readonly tailExposureShare: number;
  /** Share of tail movies shown at least once in the bucket. */
  readonly tailCoverage: number;
};

/** The head: the ⌈HEAD_FRACTION·n⌉ most-watched catalogue movies (ties by id, for determinism). */
export function popularHead(input: AnalysisInput, catalogueIds: readonly string[], headFraction = HEAD_FRACTION): Set<string> {
  const watches = new Map<string, number>();
  for (const w of input.watches) watches.set(w.movieId, (watches.get(w.movieId) ?? 0) + 1);
  const ranked = [...catalogueIds].sort((a, b) => (watches.get(b) ?? 0) - (watches.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  return new Set(ranked.slice(0, Math.ceil(headFraction * catalogueIds.length)));
}

/** Tail exposure share and tail coverage in each bucket. */
export function longTailCoverage(input: AnalysisInput, buckets: readonly TimeBucket[], catalogueIds: readonly string[], headFraction = HEAD_FRACTION): TailBucket[] {
  const head = popularHead(input, catalogueIds, headFraction);
  const movies = new Map(catalogueIds.map((id, i) => [id, i]));
  const isTail = catalogueIds.map((id) => !head.has(id));
  const tailSize = isTail.filter(Boolean).length;
  return exposureCounts(input, buckets, movies).map((counts, b) => {
    let total = 0;
    let tail = 0;
    let covered = 0;
    counts.forEach((n, m) => {
      total += n;
      if (!isTail[m]) return;
      tail += n;
      if (n > 0) covered++;
    });
    return { ...buckets[b], tailExposureShare: total === 0 ? 0 : tail / total, tailCoverage: tailSize === 0 ? 0 : covered / tailSize };
  });
}
