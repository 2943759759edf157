import { expect, test } from "bun:test";
import { nextRestart, RESTART_BACKOFF } from "./restart-backoff.ts";

test("nextRestart() waits 250 ms, 0.5, 1, 2, 4 s, then 5 s for a process that keeps dying young", () => {
  let youngCrashes = 0;
  const delays: number[] = [];
  for (let i = 0; i < 8; i++) {
    const next = nextRestart(youngCrashes, 300);
    delays.push(next.delayMs);
    youngCrashes = next.youngCrashes;
  }
  expect(delays).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
});

test("nextRestart() starts over after a run that lasted the healthy period", () => {
  expect(nextRestart(6, RESTART_BACKOFF.healthyAfterMs)).toEqual({ delayMs: 250, youngCrashes: 1 });
  expect(nextRestart(6, RESTART_BACKOFF.healthyAfterMs - 1)).toEqual({ delayMs: 5000, youngCrashes: 7 });
});

test("nextRestart() follows the backoff it is given", () => {
  expect(nextRestart(2, 0, { firstMs: 100, maxMs: 300, healthyAfterMs: 1000 })).toEqual({ delayMs: 300, youngCrashes: 3 });
});
