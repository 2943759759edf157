/**
 * The best list the simulator's users could be served: every movie ranked by the
 * chance the user starts it when looking at it. Sorting by that chance is optimal
 * for the cascade (exchanging two misordered items always lowers conversion),
 * so its conversion is the ceiling any model can reach.
 */
import { acceptance } from "../behaviour/conversion-model.ts";
import { affinity, userIndex } from "../world/affinity.ts";
import type { World } from "../world/create-world.ts";
import { scoreList } from "./score-list.ts";

/** The `k` movies `userId` is likeliest to start, best first (empty for an unknown user). */
export function oracleList(world: World, userId: number, k: number, seen?: ReadonlySet<string>): string[] {
  const u = userIndex(world, userId);
  if (u < 0 || k <= 0) return [];
  // Keep the best k in a small sorted buffer: O(movies · k) worst case, O(movies) typically.
  const best: { m: number; p: number }[] = [];
  for (let m = 0; m < world.movies.length; m++) {
    const p = acceptance(affinity(world, u, m), seen?.has(world.movies[m].profile.id) ?? false);
    if (best.length === k && p <= best[k - 1].p) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].p < p) at--;
    best.splice(at, 0, { m, p });
    if (best.length > k) best.pop();
  }
  return best.map((b) => world.movies[b.m].profile.id);
}

/** The best achievable conversion probability for `userId` with a list of `k` movies. */
export function bestConversion(world: World, userId: number, k: number, seen?: ReadonlySet<string>): number {
  return scoreList(world, userId, oracleList(world, userId, k, seen), seen).expectedConversion;
}
