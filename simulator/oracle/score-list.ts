/** Scores a served list against the hidden tastes: the chance that it converts, position by position. */
import { acceptance, viewProbability } from "../behaviour/conversion-model.ts";
import { affinity, userIndex } from "../world/affinity.ts";
import type { World } from "../world/create-world.ts";

/** A list's conversion chance under the cascade model. */
export type ListScore = {
  /** Probability that the user starts some movie of the list. */
  readonly expectedConversion: number;
  /** Probability that the user starts the movie at each position (unknown ids: 0). */
  readonly pickProbabilities: readonly number[];
};

/** How likely `userId` is to start a movie from `items` (already-watched movies count less). */
export function scoreList(world: World, userId: number, items: readonly string[], seen?: ReadonlySet<string>): ListScore {
  const u = userIndex(world, userId);
  let notYet = 1; // probability that the scan got this far without a start
  const pickProbabilities = items.map((id, position) => {
    const m = world.movieIndex.get(id);
    if (u < 0 || m === undefined) return 0;
    const p = viewProbability(position) * acceptance(affinity(world, u, m), seen?.has(id) ?? false);
    const pick = notYet * p;
    notYet *= 1 - p;
    return pick;
  });
  return { expectedConversion: 1 - notYet, pickProbabilities };
}
