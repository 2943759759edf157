/** The share of a total held by the largest few amounts. */

/**
 * Share of the sum held by the largest ⌈fraction·n⌉ amounts (at least one);
 * 0 for an empty or all-zero list.
 */
export function topShare(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const total = values.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  const k = Math.max(1, Math.ceil(fraction * values.length));
  const top = [...values].sort((a, b) => b - a).slice(0, k).reduce((a, b) => a + b, 0);
  return top / total;
}
