/**
 * True affinity of a user for a movie: what the hidden tastes say, plus the
 * movie's quality and a little popularity, so that both personal and popular
 * recommenders have something real to find. Roughly standard normal over pairs.
 */
import { TASTE_RANK, type World } from "./create-world.ts";

const TASTE_WEIGHT = 1 / Math.sqrt(TASTE_RANK);
const QUALITY_WEIGHT = 0.35;
const POPULARITY_WEIGHT = 0.25;

/** Affinity of user index `u` for movie index `m` (indexes, not ids). */
export function affinity(world: World, u: number, m: number): number {
  let dot = 0;
  const uo = u * TASTE_RANK;
  const mo = m * TASTE_RANK;
  for (let d = 0; d < TASTE_RANK; d++) dot += world.userTastes[uo + d] * world.movieTastes[mo + d];
  const movie = world.movies[m];
  return TASTE_WEIGHT * dot + QUALITY_WEIGHT * movie.quality + POPULARITY_WEIGHT * movie.popularityScore;
}

/** The index of user `userId`, or -1 when the world has no such user. */
export function userIndex(world: World, userId: number): number {
  return Number.isInteger(userId) && userId >= 1 && userId <= world.users.length ? userId - 1 : -1;
}
