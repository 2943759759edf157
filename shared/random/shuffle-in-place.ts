/** Fisher–Yates shuffle of a numeric array-like, driven by a seeded generator. */
import type { Random } from "./mulberry32.ts";

/** Shuffles `values` in place with `random`, and returns it. */
export function shuffleInPlace<T extends { length: number; [i: number]: number }>(values: T, random: Random): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = values[i];
    values[i] = values[j];
    values[j] = tmp;
  }
  return values;
}
