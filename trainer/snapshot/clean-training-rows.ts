/**
 * Applies the cleaning rules to training rows and says what it left out and why.
 * Pure: the same rows and rules give the same result.
 */
import { selectInteractions, type Interactions } from "../datasets/interactions.ts";
import type { CleaningRules, TrainingRows } from "./training-rows.ts";

export type CleanedRows = { readonly rows: TrainingRows; readonly excluded: Record<string, number> };

/** Users whose ratings come in bursts (≥ burstRatings inside burstWindowMs). */
export function findBurstRaters(ratings: Interactions, rules: CleaningRules): Set<number> {
  const timesByUser = new Map<number, number[]>();
  for (let r = 0; r < ratings.length; r++) {
    const list = timesByUser.get(ratings.users[r]);
    if (list) list.push(ratings.times[r]);
    else timesByUser.set(ratings.users[r], [ratings.times[r]]);
  }
  const burst = new Set<number>();
  for (const [user, times] of timesByUser) {
    if (times.length < rules.burstRatings) continue;
    times.sort((a, b) => a - b);
    for (let i = rules.burstRatings - 1; i < times.length; i++) {
      if (times[i] - times[i - rules.burstRatings + 1] <= rules.burstWindowMs) {
        burst.add(user);
        break;
      }
    }
  }
  return burst;
}

/** Drops short watch sessions and every row of burst raters. */
export function cleanTrainingRows(rows: TrainingRows, rules: CleaningRules): CleanedRows {
  const burst = findBurstRaters(rows.ratings, rules);
  let shortSessions = 0;
  let burstRatingRows = 0;
  let burstWatchRows = 0;
  const ratings = selectInteractions(rows.ratings, (r) => {
    if (!burst.has(rows.ratings.users[r])) return true;
    burstRatingRows++;
    return false;
  });
  const watch = selectInteractions(rows.watch, (r) => {
    if (burst.has(rows.watch.users[r])) {
      burstWatchRows++;
      return false;
    }
    if (rows.watch.values[r] < rules.minWatchMinutes) {
      shortSessions++;
      return false;
    }
    return true;
  });
  const excluded: Record<string, number> = {};
  if (shortSessions) excluded.short_watch_session = shortSessions;
  if (burstRatingRows) excluded.burst_rater_ratings = burstRatingRows;
  if (burstWatchRows) excluded.burst_rater_watch = burstWatchRows;
  return { rows: { ...rows, ratings, watch }, excluded };
}
