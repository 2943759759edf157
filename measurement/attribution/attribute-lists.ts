/**
 * Which model answered each list the site logged: the router's answer to the same
 * user with identical items (the site logs the list the user received) nearest in
 * time. The two times are on different clocks, so "nearest" only breaks ties among
 * identical answers; a list no answer matches is unattributed (null).
 */
import { answerSource } from "./answer-source.ts";
import type { RouterAnswer, ShownList } from "./router-answer.ts";

const key = (userId: number, items: readonly string[]) => `${userId}\u0000${JSON.stringify(items)}`;

/**
 * The answer each of `shown` (same order) came from, or null when no candidate matches:
 * same user, identical items, nearest in time; ties go to the earlier answer.
 */
export function matchAnswers<A extends Pick<RouterAnswer, "time" | "userId" | "items">>(
  shown: readonly ShownList[],
  candidates: readonly A[],
): (A | null)[] {
  const byKey = new Map<string, A[]>();
  for (const c of candidates) {
    const k = key(c.userId, c.items);
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(c);
  }
  return shown.map((list) => {
    let best: A | null = null;
    for (const c of byKey.get(key(list.userId, list.items)) ?? []) {
      const distance = Math.abs(c.time - list.time);
      const bestDistance = best === null ? Infinity : Math.abs(best.time - list.time);
      if (distance < bestDistance || (distance === bestDistance && best !== null && c.time < best.time)) best = c;
    }
    return best;
  });
}

/** The source of each of `shown` (same order), or null when no candidate matches; ties go to the earlier answer. */
export function attributeLists(shown: readonly ShownList[], candidates: readonly RouterAnswer[]): (string | null)[] {
  return matchAnswers(shown, candidates).map((answer) => (answer === null ? null : answerSource(answer)));
}
