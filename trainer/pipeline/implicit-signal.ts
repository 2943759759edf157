/**
 * The implicit-feedback matrix the served model learns from, one value per
 * (user, movie): log(1 + distinct minutes watched), plus the rating's strength
 * when the user rated it 3 (+1), 4 (+2) or 5 (+3). A rating of 1 or 2 says the
 * user did not like the movie, which the confidence-weighted model cannot express
 * as a preference, so such pairs are left out (and still never recommended,
 * because serving excludes everything a user has seen).
 */
import { type Interactions, InteractionsBuilder } from "../datasets/interactions.ts";
import type { TrainingRows } from "../snapshot/training-rows.ts";

/** Ratings at or below this are a dislike and drop the pair. */
export const DISLIKE_RATING = 2;

/** Combines watch and rating rows into one implicit value per (user, movie), ordered by user then item. */
export function implicitSignal(rows: TrainingRows): Interactions {
  const nItems = rows.items.size;
  const value = new Map<number, number>();
  const time = new Map<number, number>();
  const disliked = new Set<number>();
  const add = (key: number, v: number, t: number) => {
    value.set(key, (value.get(key) ?? 0) + v);
    time.set(key, Math.max(time.get(key) ?? t, t));
  };
  for (let r = 0; r < rows.watch.length; r++) {
    add(rows.watch.users[r] * nItems + rows.watch.items[r], Math.log1p(rows.watch.values[r]), rows.watch.times[r]);
  }
  for (let r = 0; r < rows.ratings.length; r++) {
    const key = rows.ratings.users[r] * nItems + rows.ratings.items[r];
    const rating = rows.ratings.values[r];
    if (rating <= DISLIKE_RATING) disliked.add(key);
    else add(key, rating - DISLIKE_RATING, rows.ratings.times[r]);
  }
  const keys = [...value.keys()].filter((k) => !disliked.has(k)).sort((a, b) => a - b);
  const out = new InteractionsBuilder();
  for (const key of keys) out.push(Math.floor(key / nItems), key % nItems, value.get(key)!, time.get(key)!);
  return out.build();
}
