/**
 * What a user watches without a recommendation: a handful of movies the user
 * comes across in proportion to popularity (heavy-tailed, so hits dominate),
 * of which the user picks by taste (a softmax over affinity).
 */
import type { Random } from "../../shared/random/mulberry32.ts";
import { REWATCH_FACTOR } from "./conversion-model.ts";
import { affinity } from "../world/affinity.ts";
import type { World } from "../world/create-world.ts";
import { drawFromCumulative } from "../world/random-draws.ts";

const CANDIDATES = 12;
const TASTE_TEMPERATURE = 0.5;

/** A movie index user index `u` discovers and starts on their own. */
export function pickOrganic(world: World, random: Random, u: number, seen: ReadonlySet<string>): number {
  const candidates: number[] = [];
  const weights: number[] = [];
  let total = 0;
  for (let i = 0; i < CANDIDATES; i++) {
    const m = drawFromCumulative(random, world.popularityCumulative);
    const w = Math.exp(affinity(world, u, m) / TASTE_TEMPERATURE) * (seen.has(world.movies[m].profile.id) ? REWATCH_FACTOR : 1);
    candidates.push(m);
    weights.push(w);
    total += w;
  }
  let target = random() * total;
  for (let i = 0; i < CANDIDATES; i++) {
    target -= weights[i];
    if (target < 0) return candidates[i];
  }
  return candidates[CANDIDATES - 1];
}
