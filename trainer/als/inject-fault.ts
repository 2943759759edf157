/**
 * Deliberately broken models for the release demos, so the safety net
 * (offline gate, artifact validation, canary) can be shown catching them:
 * `shuffle` gives a plausible-looking but wrong model (item rows permuted:
 * finite numbers, sensible norms, poor recommendations); `nan` gives a
 * broken one (NaN written into a tenth of the item rows).
 */
import { type Random } from "../../shared/random/mulberry32.ts";
import { shuffleInPlace } from "../../shared/random/shuffle-in-place.ts";
import type { AlsConfig } from "./als-config.ts";
import type { AlsModel } from "./als-model.ts";

/** Returns `model` unchanged for "none", otherwise a faulty copy drawn with `random`. */
export function injectFault(model: AlsModel, fault: AlsConfig["inject"], random: Random): AlsModel {
  // `skew` is applied by the production pipeline after evaluation, not while training.
  if (fault === "none" || fault === "skew") return model;
  const k = model.rank;
  const itemFactors = new Float32Array(model.itemFactors.length);
  const itemBias = new Float32Array(model.itemBias.length);
  if (fault === "shuffle") {
    const order = shuffleInPlace(Int32Array.from({ length: model.nItems }, (_, i) => i), random);
    for (let i = 0; i < model.nItems; i++) {
      itemFactors.set(model.itemFactors.subarray(order[i] * k, order[i] * k + k), i * k);
      itemBias[i] = model.itemBias[order[i]];
    }
  } else {
    itemFactors.set(model.itemFactors);
    itemBias.set(model.itemBias);
    const broken = Math.max(1, Math.round(model.nItems / 10));
    const order = shuffleInPlace(Int32Array.from({ length: model.nItems }, (_, i) => i), random);
    for (let n = 0; n < Math.min(broken, model.nItems); n++) itemFactors.fill(NaN, order[n] * k, order[n] * k + k);
  }
  return { ...model, itemFactors, itemBias };
}
