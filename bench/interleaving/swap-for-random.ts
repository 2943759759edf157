/**
 * The weaker model of a benchmark pair: a list with a share of its positions swapped for
 * movies drawn at random from the catalogue, so its quality loss against the original is
 * known by construction (random movies are, on average, far worse than the oracle's).
 */
import type { Random } from "../../shared/random/mulberry32.ts";

/**
 * `list` with round(share × length) of its positions, chosen at random, holding random
 * `catalogue` movies not already in the list; the other positions are unchanged. Pure:
 * all randomness comes from `random`.
 */
export function swapForRandom(list: readonly string[], share: number, catalogue: readonly string[], random: Random): string[] {
  if (!(share >= 0 && share <= 1)) throw new RangeError(`swapForRandom() needs a share in [0, 1]: current value is ${share}`);
  const out = [...list];
  const swaps = Math.round(share * list.length);
  if (swaps === 0) return out;
  if (catalogue.length < list.length + swaps) {
    throw new RangeError(`swapForRandom() needs a catalogue larger than the list: ${catalogue.length} movies for ${list.length} + ${swaps}`);
  }
  const used = new Set(list);
  // A partial Fisher–Yates over positions: the first `swaps` entries are a uniform random subset.
  const positions = list.map((_, i) => i);
  for (let i = 0; i < swaps; i++) {
    const j = i + Math.floor(random() * (positions.length - i));
    [positions[i], positions[j]] = [positions[j], positions[i]];
    let movie: string;
    do movie = catalogue[Math.floor(random() * catalogue.length)]; while (used.has(movie));
    used.add(movie);
    out[positions[i]] = movie;
  }
  return out;
}
