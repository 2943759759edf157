/** Events waiting for their time: a binary min-heap by time, ties in insertion order so runs are reproducible. */
import type { MovielogEvent } from "../../shared/movielog/events.ts";

/** Future events ordered by time. */
export type EventQueue = {
  push(event: MovielogEvent): void;
  /** Removes and returns every event with time <= `until`, earliest first. */
  popUntil(until: number): MovielogEvent[];
  readonly size: number;
};

type Entry = { event: MovielogEvent; seq: number };

const before = (a: Entry, b: Entry) => a.event.time < b.event.time || (a.event.time === b.event.time && a.seq < b.seq);

/** An empty queue. */
export function createEventQueue(): EventQueue {
  const heap: Entry[] = [];
  let seq = 0;
  const pop = (): Entry => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l], heap[smallest])) smallest = l;
        if (r < heap.length && before(heap[r], heap[smallest])) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  };
  return {
    push(event) {
      heap.push({ event, seq: seq++ });
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!before(heap[i], heap[parent])) break;
        [heap[i], heap[parent]] = [heap[parent], heap[i]];
        i = parent;
      }
    },
    popUntil(until) {
      const out: MovielogEvent[] = [];
      while (heap.length > 0 && heap[0].event.time <= until) out.push(pop().event);
      return out;
    },
    get size() {
      return heap.length;
    },
  };
}
