import { describe, expect, test } from "bun:test";
import { TopKHeap } from "./top-k-heap.ts";

function top(capacity: number, scores: number[]) {
  const heap = new TopKHeap(capacity);
  scores.forEach((score, item) => heap.offer(item, score));
  const { items, scores: kept } = heap.sorted();
  return { items: [...items], scores: [...kept] };
}

describe("TopKHeap", () => {
  test("TopKHeap keeps the best scores, best first", () => {
    expect(top(3, [0.1, 0.9, -2, 0.5, 0.7, 0.3])).toEqual({ items: [1, 4, 3], scores: [0.9, 0.7, 0.5] });
  });

  test("TopKHeap prefers the lower item on equal scores", () => {
    expect(top(2, [1, 2, 2, 2, 1]).items).toEqual([1, 2]);
  });

  test("TopKHeap returns fewer items than its capacity when offered fewer", () => {
    expect(top(5, [3, 1])).toEqual({ items: [0, 1], scores: [3, 1] });
    expect(top(0, [3, 1])).toEqual({ items: [], scores: [] });
  });

  test("TopKHeap agrees with a full sort on many scores", () => {
    let state = 7;
    const scores = Array.from({ length: 2000 }, () => (state = (state * 48271) % 2147483647) % 100); // many ties
    const expected = scores.map((score, item) => ({ score, item }))
      .sort((a, b) => b.score - a.score || a.item - b.item).slice(0, 25).map((e) => e.item);
    expect(top(25, scores).items).toEqual(expected);
  });
});
