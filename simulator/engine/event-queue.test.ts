import { describe, expect, test } from "bun:test";
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { createEventQueue } from "./event-queue.ts";

const rate = (time: number, rating: number): MovielogEvent => ({ kind: "rate", time, userId: 1, movieId: "akira+1988", rating });

describe("createEventQueue", () => {
  test("popUntil() returns due events by time, ties in insertion order", () => {
    const queue = createEventQueue();
    for (const [time, rating] of [[30, 1], [10, 2], [20, 3], [10, 4], [40, 5], [20, 1]]) queue.push(rate(time, rating));
    expect(queue.popUntil(20).map((e) => [e.time, e.kind === "rate" && e.rating])).toEqual([[10, 2], [10, 4], [20, 3], [20, 1]]);
    expect(queue.size).toBe(2);
    expect(queue.popUntil(25)).toEqual([]);
    expect(queue.popUntil(Infinity).map((e) => e.time)).toEqual([30, 40]);
  });
});
