/**
 * Walker's alias method (Vose's stable construction): after O(n) set-up, an index is drawn
 * with probability proportional to its weight in O(1), two uniform draws and one table read.
 * Drawing users by activity happens once per simulated request, where a binary search
 * over 200,000 running sums would cost more than the rest of the request.
 */
import type { Random } from "../../../shared/random/mulberry32.ts";

/**
 * Column i keeps index i with probability `columns[2i]`, else gives `columns[2i + 1]`:
 * interleaved single floats, so a draw reads one cache line of a table kept small (the
 * probabilities' rounding, about 1e-7 of each, is far below any simulated effect).
 */
export type AliasTable = { readonly size: number; readonly columns: Float32Array };

// Indices stay exact as single floats up to 2^24.
const MAX_SIZE = 2 ** 24;

/** The table of non-negative `weights` with a positive sum. */
export function aliasTable(weights: ArrayLike<number>): AliasTable {
  const n = weights.length;
  if (n > MAX_SIZE) throw new RangeError(`an alias table holds at most ${MAX_SIZE} weights: current count is ${n}`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!(weights[i] >= 0 && Number.isFinite(weights[i]))) throw new RangeError(`weight ${i} must be a finite number ≥ 0: current value is ${weights[i]}`);
    total += weights[i];
  }
  if (!(total > 0)) throw new RangeError(`an alias table needs a positive total weight: current value is ${total}`);
  const columns = new Float32Array(2 * n);
  const scaled = Float64Array.from({ length: n }, (_, i) => (weights[i] * n) / total);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) (scaled[i] < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    columns[2 * s] = scaled[s];
    columns[2 * s + 1] = l;
    scaled[l] += scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  // What is left holds (up to rounding) exactly one column's worth.
  for (const i of [...small, ...large]) {
    columns[2 * i] = 1;
    columns[2 * i + 1] = i;
  }
  return { size: n, columns };
}

/** An index drawn from `table`. */
export function drawAlias(random: Random, table: AliasTable): number {
  // Two draws: the fraction left of one 32-bit draw scaled by a large table would be coarse.
  const column = Math.floor(random() * table.size);
  return random() < table.columns[2 * column] ? column : table.columns[2 * column + 1];
}
