/**
 * Scores every item for one user (bias + dot product), the input to top-K
 * ranking. Writes into a caller-owned buffer so ranking all users allocates
 * nothing per user.
 */
import type { AlsModel } from "./als-model.ts";

/** Writes the unclipped score of each item for `user` into `out` (length nItems). */
export function scoreItems(model: AlsModel, user: number, out: Float64Array): Float64Array {
  const k = model.rank;
  const { itemFactors, itemBias } = model;
  if (user < 0 || user >= model.nUsers) {
    // Unknown user: rank by item bias alone (popularity-like for explicit models).
    for (let i = 0; i < model.nItems; i++) out[i] = itemBias[i];
    return out;
  }
  const ub = user * k;
  const x = model.userFactors.subarray(ub, ub + k);
  for (let i = 0; i < model.nItems; i++) {
    const ib = i * k;
    let s = itemBias[i];
    for (let p = 0; p < k; p++) s += x[p] * itemFactors[ib + p];
    out[i] = s;
  }
  return out;
}
