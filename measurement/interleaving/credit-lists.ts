/**
 * Interleaving credit: a watch start of a recommended movie within the conversion window
 * (the measurement layer's own predicate, convertingStarts) credits the team that
 * contributed that movie to the list; a movie both teams placed at once ("both") credits
 * neither. A start converts every list it falls in the window
 * of, as conversion does, so a movie shown twice credits each showing's team.
 */
import { convertingStarts, type WatchStart } from "../conversion/converting-starts.ts";
import type { InterleavedList } from "./interleaved-list.ts";

/** Credited starts of one list, by team. */
export type TeamCredit = { readonly a: number; readonly b: number };

/** For each of `lists` (same order), the starts credited to team A and to team B. */
export function creditLists(lists: readonly InterleavedList[], starts: readonly WatchStart[], conversionWindowMs: number): TeamCredit[] {
  return convertingStarts(lists, starts, conversionWindowMs).map((converting, i) => {
    let a = 0, b = 0;
    for (const start of converting) {
      const team = lists[i].teams[lists[i].items.indexOf(start.movieId)];
      if (team === "A") a++;
      else if (team === "B") b++;
    }
    return { a, b };
  });
}
