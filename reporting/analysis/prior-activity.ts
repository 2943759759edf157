/**
 * How much an account had done before a moment: its recommendation requests,
 * watch starts and ratings strictly earlier, within the analysed data. A shill
 * account appears from nowhere; a real user asks, watches, then rates.
 */
import type { AnalysisInput } from "./analysis-input.ts";

/** `(userId, time)` → number of that user's events strictly before `time`. */
export type PriorActivity = (userId: number, time: number) => number;

/** Builds the lookup over every event of `input` (sorted per user, binary search). */
export function priorActivity(input: AnalysisInput): PriorActivity {
  const times = new Map<number, number[]>();
  const add = (userId: number, time: number) => (times.get(userId) ?? times.set(userId, []).get(userId)!).push(time);
  for (const r of input.recommendations) add(r.userId, r.time);
  for (const w of input.watches) add(w.userId, w.time);
  for (const r of input.ratings) add(r.userId, r.time);
  for (const list of times.values()) list.sort((a, b) => a - b);
  return (userId, time) => {
    const list = times.get(userId);
    if (!list) return 0;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}
