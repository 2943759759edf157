/** The window a status chart covers: whole buckets, the last one holding `end`. */

/** [from, to) of `hours` hours in buckets of `bucketMs`, aligned to the bucket size, ending after `end`. */
export function chartWindow(
  end: number,
  hours: number,
  bucketMs: number,
): { from: number; to: number } {
  if (!(bucketMs > 0) || !(hours > 0) || (hours * 3_600_000) % bucketMs !== 0) {
    throw new Error(
      `Cannot build a chart window of ${hours} h in buckets of ${bucketMs} ms: the hours must be a positive whole number of buckets`,
    );
  }
  const to = Math.floor(end / bucketMs) * bucketMs + bucketMs;
  return { from: to - hours * 3_600_000, to };
}
