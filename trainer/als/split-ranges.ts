/**
 * Splits rows 0..count-1 into contiguous ranges of about equal cost, one per
 * thread. Contiguous ranges keep each thread's writes in its own block of the
 * shared factor arrays, and a per-row cost (ratings + 1) balances heavy users.
 */

/** A half-open row range [start, end). */
export type RowRange = readonly [start: number, end: number];

/** Returns exactly `parts` contiguous ranges covering 0..count-1 (some may be empty). */
export function splitRanges(count: number, parts: number, cost: (row: number) => number): RowRange[] {
  let total = 0;
  for (let r = 0; r < count; r++) total += cost(r);
  const ranges: RowRange[] = [];
  let start = 0;
  let acc = 0;
  let row = 0;
  for (let part = 1; part <= parts; part++) {
    const target = (total * part) / parts;
    while (row < count && (part === parts || acc + cost(row) / 2 <= target)) acc += cost(row++);
    ranges.push([start, row]);
    start = row;
  }
  return ranges;
}
