/** The Gini coefficient of non-negative amounts. */

/**
 * 0 when every amount is equal, (n − 1)/n when one holds everything; 0 for an
 * empty or all-zero list. Zeros count: a catalogue movie never shown is part of
 * the inequality.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    if (sorted[i] < 0) throw new Error(`gini() needs non-negative amounts: current value is ${sorted[i]}`);
    total += sorted[i];
    weighted += (2 * (i + 1) - n - 1) * sorted[i];
  }
  return total === 0 ? 0 : weighted / (n * total);
}
