/** Equal slices of the analysed period. */

/** One slice `[start, end)` in epoch milliseconds. */
export type TimeBucket = { readonly start: number; readonly end: number };

/** `count` equal buckets covering `[from, to)` (the last one ends exactly at `to`). */
export function timeBuckets(from: number, to: number, count: number): TimeBucket[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`timeBuckets() needs a positive bucket count: current value is ${count}`);
  if (!(to > from)) return [];
  const width = (to - from) / count;
  return Array.from({ length: count }, (_, i) => ({
    start: Math.round(from + i * width),
    end: i === count - 1 ? to : Math.round(from + (i + 1) * width),
  }));
}

/** Index of the bucket holding `time`, or -1 outside them all. */
export function bucketOf(buckets: readonly TimeBucket[], time: number): number {
  if (buckets.length === 0 || time < buckets[0].start || time >= buckets[buckets.length - 1].end) return -1;
  const width = (buckets[buckets.length - 1].end - buckets[0].start) / buckets.length;
  let i = Math.min(buckets.length - 1, Math.floor((time - buckets[0].start) / width));
  // Rounded edges can put a time one bucket off the estimate.
  while (i > 0 && time < buckets[i].start) i--;
  while (i < buckets.length - 1 && time >= buckets[i].end) i++;
  return i;
}
