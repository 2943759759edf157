/**
 * The inputs of the blend's linear model for one (user, item): the component
 * predictions, the same predictions scaled by the user's and the item's
 * support, and the supports themselves — feature-weighted linear stacking
 * (Sill et al. 2009), so that, e.g., kNN can weigh more for items with many
 * raters and the factor models more for active users.
 */

/** Number of features for `components` component predictions. */
export function blendFeatureCount(components: number): number {
  return 3 + 3 * components;
}

/** log(1 + count) / 5: about 0..1.4 on MovieLens, so every feature has a similar scale for the ridge penalty. */
export function supportOf(count: number): number {
  return Math.log1p(count) / 5;
}

/** Writes [1, p…, p·s_u…, p·s_i…, s_u, s_i] into `out` (length blendFeatureCount(p.length)). */
export function blendFeatures(predictions: Float64Array, userSupport: number, itemSupport: number, out: Float64Array): Float64Array {
  const m = predictions.length;
  out[0] = 1;
  for (let c = 0; c < m; c++) {
    const p = predictions[c];
    out[1 + c] = p;
    out[1 + m + c] = p * userSupport;
    out[1 + 2 * m + c] = p * itemSupport;
  }
  out[1 + 3 * m] = userSupport;
  out[2 + 3 * m] = itemSupport;
  return out;
}
