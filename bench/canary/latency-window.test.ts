import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { LatencyWindow } from "./latency-window.ts";

/** percentile_cont by its definition: sort, then interpolate at (n − 1)·f. */
function percentileCont(values: readonly number[], f: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * f;
  const below = Math.floor(position);
  return below === position ? sorted[below] : sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
}

test("LatencyWindow.percentileCont() interpolates as Postgres does: p95 of 1, 2, 3, 4 is 3.85", () => {
  // select percentile_cont(0.95) within group (order by x) from unnest(array[1,2,3,4]) x → 3.85
  const window = new LatencyWindow();
  for (const x of [4, 1, 3, 2]) window.add(x);
  expect(window.percentileCont(0.95)).toBeCloseTo(3.85, 12);
  expect(window.percentileCont(0.5)).toBeCloseTo(2.5, 12);
  expect(window.percentileCont(1)).toBe(4);
  expect(window.percentileCont(0)).toBe(1);
});

test("LatencyWindow.percentileCont() equals the sorted definition at every check as values keep coming", () => {
  const random = mulberry32(8);
  const window = new LatencyWindow();
  const all: number[] = [];
  for (let check = 0; check < 20; check++) {
    for (let i = 0; i < 500; i++) {
      // Heavy-tailed, with ties and zeros, across many bins.
      const x = random() < 0.01 ? 0 : random() < 0.05 ? Math.round(-Math.log(1 - random()) * 400) : Math.exp(3 + random());
      window.add(x);
      all.push(x);
    }
    for (const f of [0.5, 0.95, 0.99]) expect(window.percentileCont(f)).toBe(percentileCont(all, f));
  }
  expect(window.count).toBe(10_000);
});

test("LatencyWindow is empty until a latency comes, and refuses a negative or missing one", () => {
  const window = new LatencyWindow();
  expect(window.percentileCont(0.99)).toBeNull();
  expect(() => window.add(-1)).toThrow("current value is -1");
  expect(() => window.add(Number.NaN)).toThrow("current value is NaN");
});
