/**
 * Seeded k-fold assignment for ratings files that come unsplit (`u.data`,
 * `ratings.csv`, `ratings.dat`). Rows are shuffled and dealt round-robin, so
 * folds differ in size by at most one row and a seed reproduces them.
 */
import { type Random } from "../../shared/random/mulberry32.ts";
import { shuffleInPlace } from "../../shared/random/shuffle-in-place.ts";
import { type Interactions, selectInteractions } from "./interactions.ts";

/** Returns the fold (1..count) of each of `length` rows. */
export function assignFolds(length: number, count: number, random: Random): Uint8Array {
  if (!Number.isInteger(count) || count < 2 || count > 255) {
    throw new Error(`Cannot split into folds: count must be an integer in 2..255, got ${count}`);
  }
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[i] = i;
  shuffleInPlace(order, random);
  const folds = new Uint8Array(length);
  for (let i = 0; i < length; i++) folds[order[i]] = (i % count) + 1;
  return folds;
}

/** Splits `data` into the rows of `fold` (test) and all other rows (train). */
export function splitFold(data: Interactions, folds: Uint8Array, fold: number): { train: Interactions; test: Interactions } {
  return {
    train: selectInteractions(data, (r) => folds[r] !== fold),
    test: selectInteractions(data, (r) => folds[r] === fold),
  };
}
