/**
 * The benchmark's model pairs, each with a quality difference known from the oracle: the
 * good model serves the oracle's list (simulator/oracle), the weaker one the same list
 * with a share of it swapped for random movies. The A/A comparison puts the 10% model on
 * both sides, each list drawn on its own, so the lists differ while the models do not.
 */

/** One pair: the weaker model's share of random movies. */
export type InterleavingPair = { readonly name: string; readonly summary: string; readonly swapShare: number };

/** The pairs, mildest difference first. */
export const INTERLEAVING_PAIRS: readonly InterleavingPair[] = [
  { name: "oracle_vs_swap10", summary: "the oracle's list against it with 10% of each list random", swapShare: 0.1 },
  { name: "oracle_vs_swap30", summary: "the oracle's list against it with 30% of each list random", swapShare: 0.3 },
];

/** The model on both sides of the A/A comparison. */
export const AA_SWAP_SHARE = 0.1;
