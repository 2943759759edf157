/**
 * Diversity re-ranking (experimental flag) by maximal marginal relevance: pick,
 * one at a time, the candidate maximising λ × relevance − (1 − λ) × its highest
 * cosine similarity (ml-distance) to the items already picked, comparing item
 * factor vectors. Relevance is min-max normalised over the candidates so that it
 * shares the [0, 1] scale of the penalty's useful range.
 */
import { similarity } from "ml-distance";
import type { ScoredItems } from "./top-k-heap.ts";

/** Picks `k` of `candidates` (best first) by MMR with weight `lambda` on relevance; returns item rows in pick order. */
export function rerankMmr(candidates: ScoredItems, k: number, lambda: number, vectorOf: (item: number) => Float32Array): Int32Array {
  const n = candidates.items.length;
  const picks = new Int32Array(Math.min(k, n));
  if (picks.length === 0) return picks;
  const { scores } = candidates;
  const top = scores[0];
  const span = top - scores[n - 1];
  const maxSimilarity = new Float64Array(n).fill(-Infinity);
  const taken = new Uint8Array(n);
  const vectors = Array.from(candidates.items, vectorOf); // once per candidate, not once per comparison
  for (let p = 0; p < picks.length; p++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let c = 0; c < n; c++) {
      if (taken[c]) continue;
      const relevance = span > 0 ? 1 - (top - scores[c]) / span : 1;
      const penalty = p === 0 ? 0 : maxSimilarity[c];
      const value = lambda * relevance - (1 - lambda) * penalty;
      if (value > bestValue) { // strict: ties keep the better-ranked candidate
        best = c;
        bestValue = value;
      }
    }
    taken[best] = 1;
    picks[p] = candidates.items[best];
    const picked = vectors[best];
    for (let c = 0; c < n; c++) {
      if (taken[c]) continue;
      const s = similarity.cosine(vectors[c], picked);
      if (s > maxSimilarity[c]) maxSimilarity[c] = s; // NaN (a zero vector) never raises the penalty
    }
  }
  return picks;
}
