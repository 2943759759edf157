/**
 * A leakage-free offline split: for every user with enough history, the most
 * recent interactions are held out and everything earlier is training data, as
 * it will be when the model meets the future.
 */
import { type Interactions, InteractionsBuilder } from "../datasets/interactions.ts";

export type TimeSplitOptions = {
  /** Share of each user's interactions held out (at least one). */
  readonly holdoutFraction: number;
  /** Users with fewer interactions stay entirely in training. */
  readonly minInteractions: number;
};

/** Splits `data` per user by time; ties keep their stored order. */
export function splitByTime(data: Interactions, options: TimeSplitOptions): { train: Interactions; test: Interactions } {
  const byUser = new Map<number, number[]>();
  for (let r = 0; r < data.length; r++) {
    const rows = byUser.get(data.users[r]);
    if (rows) rows.push(r);
    else byUser.set(data.users[r], [r]);
  }
  const heldOut = new Uint8Array(data.length);
  for (const rows of byUser.values()) {
    if (rows.length < options.minInteractions) continue;
    rows.sort((a, b) => data.times[a] - data.times[b] || a - b);
    const count = Math.max(1, Math.floor(rows.length * options.holdoutFraction));
    for (const r of rows.slice(rows.length - count)) heldOut[r] = 1;
  }
  const train = new InteractionsBuilder();
  const test = new InteractionsBuilder();
  for (let r = 0; r < data.length; r++) {
    (heldOut[r] ? test : train).push(data.users[r], data.items[r], data.values[r], data.times[r]);
  }
  return { train: train.build(), test: test.build() };
}
