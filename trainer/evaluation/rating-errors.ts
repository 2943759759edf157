/**
 * Rating-prediction error on a held-out set: RMSE and MAE, overall and per
 * slice of users. A NaN prediction (a broken model) makes the figures NaN
 * rather than being skipped, so a gate comparing them refuses the model.
 */
import type { Interactions } from "../datasets/interactions.ts";

export type RatingErrors = { readonly count: number; readonly rmse: number; readonly mae: number };

/** Predicts the value of (user, item), both dense indices. */
export type Predict = (user: number, item: number) => number;

/** RMSE and MAE of `predict` on `test`, overall and for each slice `sliceOf` names. */
export function ratingErrors(
  predict: Predict,
  test: Interactions,
  sliceOf?: (user: number) => string | undefined,
): RatingErrors & { readonly slices: Record<string, RatingErrors> } {
  const total = { count: 0, squared: 0, absolute: 0 };
  const bySlice = new Map<string, typeof total>();
  for (let e = 0; e < test.length; e++) {
    const error = test.values[e] - predict(test.users[e], test.items[e]);
    add(total, error);
    const slice = sliceOf?.(test.users[e]);
    if (slice === undefined) continue;
    let acc = bySlice.get(slice);
    if (!acc) bySlice.set(slice, acc = { count: 0, squared: 0, absolute: 0 });
    add(acc, error);
  }
  const slices: Record<string, RatingErrors> = {};
  for (const [name, acc] of [...bySlice].sort(([a], [b]) => a.localeCompare(b))) slices[name] = finish(acc);
  return { ...finish(total), slices };
}

function add(acc: { count: number; squared: number; absolute: number }, error: number): void {
  acc.count++;
  acc.squared += error * error;
  acc.absolute += Math.abs(error);
}

function finish(acc: { count: number; squared: number; absolute: number }): RatingErrors {
  if (acc.count === 0) return { count: 0, rmse: NaN, mae: NaN };
  return { count: acc.count, rmse: Math.sqrt(acc.squared / acc.count), mae: acc.absolute / acc.count };
}
