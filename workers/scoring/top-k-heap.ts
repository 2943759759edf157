/**
 * A bounded min-heap keeping the `capacity` best (item, score) pairs seen: O(n log k)
 * partial selection instead of sorting every score. Ties go to the lower item row,
 * so results are deterministic.
 */

/** Items with their scores, best first. */
export type ScoredItems = { items: Int32Array; scores: Float64Array };

/** Keeps the best `capacity` offers; the root is the worst kept, so most offers cost one comparison. */
export class TopKHeap {
  private readonly items: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** Considers `item` with `score`; keeps it when it beats the worst kept one. */
  offer(item: number, score: number): void {
    if (this.size < this.capacity) {
      this.items[this.size] = item;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
    } else if (this.capacity > 0 && worse(this.scores[0], this.items[0], score, item)) {
      this.items[0] = item;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first; the heap is unchanged. */
  sorted(): ScoredItems {
    const order = Array.from({ length: this.size }, (_, i) => i)
      .sort((a, b) => (worse(this.scores[a], this.items[a], this.scores[b], this.items[b]) ? 1 : -1));
    return { items: Int32Array.from(order, (i) => this.items[i]), scores: Float64Array.from(order, (i) => this.scores[i]) };
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(this.scores[i], this.items[i], this.scores[parent], this.items[parent])) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && worse(this.scores[l], this.items[l], this.scores[m], this.items[m])) m = l;
      if (r < this.size && worse(this.scores[r], this.items[r], this.scores[m], this.items[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const item = this.items[a];
    const score = this.scores[a];
    this.items[a] = this.items[b];
    this.scores[a] = this.scores[b];
    this.items[b] = item;
    this.scores[b] = score;
  }
}

function worse(scoreA: number, itemA: number, scoreB: number, itemB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && itemA > itemB);
}
