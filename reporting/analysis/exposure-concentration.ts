/**
 * How unequally recommendation slots are spread over the catalogue, per time
 * bucket: the Gini of exposures per movie (every catalogue movie counts, shown or
 * not) and the share of slots the top 1% of movies take. One exposure is one movie
 * in one successful list.
 */
import type { AnalysisInput } from "./analysis-input.ts";
import { gini } from "./gini.ts";
import { bucketOf, type TimeBucket } from "./time-buckets.ts";
import { topShare } from "./top-share.ts";

/** Share of the catalogue whose exposure share is reported as "top". */
export const TOP_FRACTION = 0.01;

/** One bucket's concentration figures. */
export type ConcentrationBucket = TimeBucket & {
  readonly requests: number;
  readonly exposures: number;
  readonly distinctMovies: number;
  readonly gini: number;
  readonly topShare: number;
};

/** Per-bucket exposure counts over `movies` (an index of the catalogue). */
export function exposureCounts(input: AnalysisInput, buckets: readonly TimeBucket[], movies: ReadonlyMap<string, number>): Float64Array[] {
  const counts = buckets.map(() => new Float64Array(movies.size));
  for (const r of input.recommendations) {
    const b = bucketOf(buckets, r.time);
    if (b < 0) continue;
    for (const item of r.items) {
      const m = movies.get(item);
      if (m !== undefined) counts[b][m]++;
    }
  }
  return counts;
}

/** Gini and top-1% share of exposures across `catalogueIds` in each bucket. */
export function exposureConcentration(input: AnalysisInput, buckets: readonly TimeBucket[], catalogueIds: readonly string[]): ConcentrationBucket[] {
  const movies = new Map(catalogueIds.map((id, i) => [id, i]));
  const counts = exposureCounts(input, buckets, movies);
  const requests = buckets.map(() => 0);
  for (const r of input.recommendations) {
    const b = bucketOf(buckets, r.time);
    if (b >= 0) requests[b]++;
  }
  return buckets.map((bucket, b) => {
    const values = [...counts[b]];
    return {
      ...bucket,
      requests: requests[b],
      exposures: values.reduce((a, x) => a + x, 0),
      distinctMovies: values.filter((x) => x > 0).length,
      gini: gini(values),
      topShare: topShare(values, TOP_FRACTION),
    };
  });
}
