/**
 * The `--folds` flag: `k` means folds 1..k, `i,j,...` means exactly those.
 * MovieLens ml-100k publishes five folds, so a list is read against five
 * unless a larger fold is named.
 */

/** The folds to run and how many folds the data is split into. */
export type FoldSelection = { readonly folds: readonly number[]; readonly count: number };

/** Parses `--folds`; returns an error message for anything but a count or a list of distinct positive integers. */
export function parseFolds(text: string): FoldSelection | string {
  if (/^[1-9][0-9]*$/.test(text)) {
    const count = Number(text);
    if (count > 255) return `at most 255 folds, got ${count}`;
    // One fold is no cross-validation: read it as "the first of five" (an 80/20 split).
    return { folds: Array.from({ length: count }, (_, i) => i + 1), count: count >= 2 ? count : 5 };
  }
  if (!/^[1-9][0-9]*(,[1-9][0-9]*)+$/.test(text)) return `expected a count (5) or a list (1,3), got ${JSON.stringify(text)}`;
  const folds = text.split(",").map(Number);
  if (new Set(folds).size !== folds.length) return `a fold is listed twice in ${JSON.stringify(text)}`;
  const count = Math.max(5, ...folds);
  if (count > 255) return `at most 255 folds, got ${count}`;
  return { folds, count };
}
