/**
 * Team-draft interleaving (Radlinski, Kurup & Joachims 2008; Chapelle et al., TOIS 2012):
 * merges two rankers' lists for one user so that a watch can be credited to the ranker
 * ("team") that contributed the item. Pure and deterministic: the same lists and seed give
 * the same merge on every runtime, so a router, a replay and a benchmark agree.
 */
import { hash } from "../bucketing/hash.ts";
import { MAX_ANSWER_ITEMS } from "../recommendation/max-answer-items.ts";

/** The ranker that contributed an item: "A" is the first list given, "B" the second. */
export type Team = "A" | "B";

/**
 * Who placed a merged item: one team, or "both" when it was both teams' next pick at
 * once. Such an item says nothing about which ranker is better, so it is credited to
 * neither (the "neutral" items of team draft as run in production systems): two rankers
 * that agree on most of a list then disagree only where they differ, and the credit
 * there is not drowned by coin-flip credit on the items they share.
 */
export type ItemTeam = Team | "both";

/** Every value of ItemTeam, for the schemas that read teams back (telemetry). */
export const ITEM_TEAMS = ["A", "B", "both"] as const satisfies readonly ItemTeam[];

/** A merged answer: `teams[i]` names who contributed `items[i]`. */
export interface TeamDraftResult {
  items: string[];
  teams: ItemTeam[];
}

/** Hash version 2 spreads similar seeds (request ids differ in a few characters). */
const COIN_HASH_VERSION = 2;

/**
 * Whether team A picks first in the round that starts with `round` picks per team. The
 * round number is part of the hashed value, so each round gets its own fair coin while a
 * seed always replays the same sequence of coins.
 */
function aPicksFirst(seed: string, round: number): boolean {
  return (hash(seed, `|team-draft|${round}`, COIN_HASH_VERSION) ?? 0) < 0.5;
}

/** The index of the highest-ranked item of `list` from `from` on not yet merged, or -1. */
function nextUnmerged(list: readonly string[], from: number, merged: ReadonlySet<string>): number {
  for (let i = from; i < list.length; i++) if (!merged.has(list[i])) return i;
  return -1;
}

/**
 * Merges `a` and `b` by team draft: when both teams' highest-ranked items not yet merged
 * are the same movie, it is merged once as "both" and counts as neither team's pick;
 * otherwise the team with fewer picks picks next, a seeded coin decides when the teams
 * are level, and each pick is the team's highest-ranked item not already merged. When
 * one list runs out the other keeps picking, until `limit` items (default
 * MAX_ANSWER_ITEMS) or both lists are exhausted. Duplicates inside a list are skipped,
 * so the merged ids are distinct.
 */
export function teamDraft(
  a: readonly string[],
  b: readonly string[],
  seed: string,
  limit: number = MAX_ANSWER_ITEMS,
): TeamDraftResult {
  const cap = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : MAX_ANSWER_ITEMS;
  const items: string[] = [];
  const teams: ItemTeam[] = [];
  const merged = new Set<string>();
  let picksA = 0, picksB = 0;
  let nextA = nextUnmerged(a, 0, merged), nextB = nextUnmerged(b, 0, merged);

  while (items.length < cap && (nextA >= 0 || nextB >= 0)) {
    let item: string;
    if (nextA >= 0 && nextB >= 0 && a[nextA] === b[nextB]) {
      item = a[nextA];
      teams.push("both");
    } else {
      const aTurn = nextB < 0 ||
        (nextA >= 0 && (picksA < picksB || (picksA === picksB && aPicksFirst(seed, picksA))));
      item = aTurn ? a[nextA] : b[nextB];
      teams.push(aTurn ? "A" : "B");
      if (aTurn) picksA++;
      else picksB++;
    }
    items.push(item);
    merged.add(item);
    // Either list's next candidate may be the item just merged, so both advance past it.
    if (nextA >= 0) nextA = nextUnmerged(a, nextA, merged);
    if (nextB >= 0) nextB = nextUnmerged(b, nextB, merged);
  }
  return { items, teams };
}
