/**
 * Users who watch only what they are told: every movie they start is the
 * top-ranked movie of their latest list that they had not watched yet. Such users
 * feed the model its own ranking back as if it were taste, which is the mechanism
 * of a feedback loop; concentration is the symptom that follows once a model
 * retrains on their data. A user who chooses by taste starts the top unseen movie
 * only now and then, so a run of such watches is rare by chance.
 */
import type { AnalysisInput } from "./analysis-input.ts";

/** A watch counts as following a list shown at most this long before it. */
export const FOLLOW_WINDOW_MS = 30 * 60_000;
/** Watches a user needs before being judged. */
export const MIN_WATCHES = 5;

/** Users judged, users found captive, and their share. */
export type CaptiveUsers = {
  readonly judgedUsers: number;
  readonly captiveUsers: number;
  readonly captiveShare: number;
  /** Up to 20 captive user ids, smallest first. */
  readonly examples: readonly number[];
};

/** Counts captive users among those with at least `minWatches` watch starts. */
export function captiveUsers(input: AnalysisInput, options: { minWatches?: number; followWindowMs?: number } = {}): CaptiveUsers {
  const minWatches = options.minWatches ?? MIN_WATCHES;
  const window = options.followWindowMs ?? FOLLOW_WINDOW_MS;
  type Step = { time: number; order: number; list?: readonly string[]; movieId?: string };
  const perUser = new Map<number, Step[]>();
  const add = (userId: number, step: Step) => (perUser.get(userId) ?? perUser.set(userId, []).get(userId)!).push(step);
  // A list and a watch at the same millisecond: the list came first.
  for (const r of input.recommendations) add(r.userId, { time: r.time, order: 0, list: r.items });
  for (const w of input.watches) add(w.userId, { time: w.time, order: 1, movieId: w.movieId });
  let judged = 0;
  const captive: number[] = [];
  for (const [userId, steps] of perUser) {
    steps.sort((a, b) => a.time - b.time || a.order - b.order);
    const seen = new Set<string>();
    let latest: Step | null = null;
    let watches = 0;
    let followedTop = 0;
    for (const step of steps) {
      if (step.list) {
        latest = step;
        continue;
      }
      const movieId = step.movieId!;
      watches++;
      if (latest && step.time - latest.time <= window && latest.list!.find((m) => !seen.has(m)) === movieId) followedTop++;
      seen.add(movieId);
    }
    if (watches < minWatches) continue;
    judged++;
    if (followedTop === watches) captive.push(userId);
  }
  captive.sort((a, b) => a - b);
  return { judgedUsers: judged, captiveUsers: captive.length, captiveShare: judged === 0 ? 0 : captive.length / judged, examples: captive.slice(0, 20) };
}
