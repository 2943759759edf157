import type { BucketRange } from "./get-bucket-ranges.ts";

/** The index of the first range with start ≤ n < end, or -1 when n falls outside them all. */
export function chooseVariation(n: number, ranges: BucketRange[]): number {
  for (let i = 0; i < ranges.length; i++) {
    if (n >= ranges[i][0] && n < ranges[i][1]) return i;
  }
  return -1;
}
