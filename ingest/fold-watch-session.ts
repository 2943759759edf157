/**
 * Watch lines are stored as one session per (user, movie): first and last time,
 * the distinct minutes watched, the furthest minute. Folding is idempotent and
 * order-insensitive for the stored fields, so a replayed or redelivered line can
 * never double-count a minute.
 */

export type WatchSession = {
  readonly userId: number;
  readonly movieId: string;
  readonly firstTime: number;
  readonly lastTime: number;
  /** Distinct minutes, ascending. */
  readonly minutes: readonly number[];
};

export type MinuteView = { readonly minute: number; readonly time: number };

export type FoldedSession = { readonly session: WatchSession; readonly duplicates: number };

/**
 * Applies minute views (in arrival order) to a stored session. A view adds nothing —
 * and counts as a duplicate — when its minute is already recorded and it is no
 * later than the session's last time: a replay, not a fresh re-watch.
 */
export function foldWatchSession(
  existing: WatchSession | null,
  key: { userId: number; movieId: string },
  views: readonly MinuteView[],
): FoldedSession {
  const minutes = new Set(existing?.minutes ?? []);
  let firstTime = existing?.firstTime ?? Number.POSITIVE_INFINITY;
  let lastTime = existing?.lastTime ?? Number.NEGATIVE_INFINITY;
  let duplicates = 0;
  for (const view of views) {
    if (minutes.has(view.minute) && view.time <= lastTime) {
      duplicates++;
      continue;
    }
    minutes.add(view.minute);
    if (view.time < firstTime) firstTime = view.time;
    if (view.time > lastTime) lastTime = view.time;
  }
  const sorted = [...minutes].sort((a, b) => a - b);
  return { session: { userId: key.userId, movieId: key.movieId, firstTime, lastTime, minutes: sorted }, duplicates };
}
