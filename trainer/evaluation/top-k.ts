/**
 * Picks the K best-scoring items with a size-K min-heap (O(n log K)), never
 * sorting the whole catalogue. Ties go to the lower index, so lists are
 * deterministic.
 */

/** Indices of the k highest scores, best first, skipping excluded items and NaN scores. */
export function topK(scores: ArrayLike<number>, k: number, excluded?: (item: number) => boolean): Int32Array {
  const heap = new Int32Array(k);
  let size = 0;
  // "a ranks below b": lower score, or equal score and higher index.
  const below = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  for (let item = 0; item < scores.length; item++) {
    if (Number.isNaN(scores[item]) || excluded?.(item)) continue;
    if (size < k) {
      let c = size++;
      heap[c] = item;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (!below(heap[c], heap[parent])) break;
        [heap[c], heap[parent]] = [heap[parent], heap[c]];
        c = parent;
      }
    } else if (k > 0 && below(heap[0], item)) {
      heap[0] = item;
      let c = 0;
      for (;;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < size && below(heap[l], heap[m])) m = l;
        if (r < size && below(heap[r], heap[m])) m = r;
        if (m === c) break;
        [heap[c], heap[m]] = [heap[m], heap[c]];
        c = m;
      }
    }
  }
  return heap.slice(0, size).sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
}
