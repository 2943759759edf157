import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { swapForRandom } from "./swap-for-random.ts";

const list = Array.from({ length: 20 }, (_, i) => `good-${i}`);
const catalogue = [...list, ...Array.from({ length: 200 }, (_, i) => `other-${i}`)];

test("swapForRandom() swaps round(share × length) positions for distinct movies not in the list and keeps the rest in place", () => {
  for (const [share, swaps] of [[0.1, 2], [0.3, 6], [0.33, 7]] as const) {
    const out = swapForRandom(list, share, catalogue, mulberry32(11));
    expect(out).toHaveLength(20);
    const changed = out.flatMap((id, i) => (id === list[i] ? [] : [i]));
    expect(changed).toHaveLength(swaps);
    for (const i of changed) expect(out[i]).toStartWith("other-");
    expect(new Set(out).size).toBe(20);
  }
});

test("swapForRandom() with share 0 returns a copy of the list", () => {
  const out = swapForRandom(list, 0, catalogue, mulberry32(1));
  expect(out).toEqual(list);
  expect(out).not.toBe(list);
});

test("swapForRandom() spreads its swaps over every position", () => {
  const random = mulberry32(5);
  const hits = new Array(20).fill(0);
  for (let r = 0; r < 2_000; r++) swapForRandom(list, 0.1, catalogue, random).forEach((id, i) => id !== list[i] && hits[i]++);
  // Each position is swapped with chance 2/20: 200 of 2,000 expected, sd 13.4.
  for (const h of hits) expect(Math.abs(h - 200)).toBeLessThan(60);
});

test("swapForRandom() refuses a share outside [0, 1] and a catalogue too small to swap from", () => {
  expect(() => swapForRandom(list, 1.5, catalogue, mulberry32(1))).toThrow("share in [0, 1]: current value is 1.5");
  expect(() => swapForRandom(list, 0.5, list, mulberry32(1))).toThrow("20 movies for 20 + 10");
});
