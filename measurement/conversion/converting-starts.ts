/**
 * The conversion predicate in TypeScript, for pure cores over loaded data (the online
 * and analysis reports). The twin of conversion-sql.ts; cases.json pins both.
 */

/** A judged list: a user's shown movies at a stream time (epoch ms). */
export type JudgedList = { readonly userId: number; readonly time: number; readonly items: readonly string[] };
/** A user's first start of a movie (epoch ms). */
export type WatchStart = { readonly userId: number; readonly movieId: string; readonly firstTime: number };

/** Whether `start` converts `list`: same user, one of its movies, first watched in [time, time + windowMs). */
export function startConverts(list: JudgedList, start: WatchStart, windowMs: number): boolean {
  return start.userId === list.userId && list.items.includes(start.movieId) &&
    start.firstTime >= list.time && start.firstTime < list.time + windowMs;
}

/** For each of `lists` (same order), the starts that convert it; a later list never cuts an earlier one's window. */
export function convertingStarts<S extends WatchStart>(lists: readonly JudgedList[], starts: readonly S[], windowMs: number): S[][] {
  const byUser = new Map<number, S[]>();
  for (const s of starts) (byUser.get(s.userId) ?? byUser.set(s.userId, []).get(s.userId)!).push(s);
  return lists.map((list) => (byUser.get(list.userId) ?? []).filter((s) => startConverts(list, s, windowMs)));
}
