/**
 * A simulated streaming site from a seed: users with demographics, movies with
 * slug ids and API metadata, and the hidden part, rank-8 taste vectors built
 * from genre directions (users favour a few genres, movies mix theirs) plus
 * individual noise, and per-user activity levels.
 */
import { mulberry32, type Random } from "../../shared/random/mulberry32.ts";
import { drawUserProfile } from "./demographics.ts";
import { drawMovie, type SimMovie } from "./draw-movie.ts";
import { drawTitle, QUIRK_TITLES } from "./draw-title.ts";
import { GENRES } from "./movie-distributions.ts";
import { cumulative, drawInt, drawWeighted } from "./random-draws.ts";
import type { UserProfile } from "./user-profile.ts";
import { gaussian } from "../../shared/random/gaussian.ts";

/** Dimensions of the hidden taste vectors. */
export const TASTE_RANK = 8;
/** Share of a taste vector's variance that comes from genres (the rest is individual). */
const GENRE_LOADING = 0.75;
const NOISE_LOADING = Math.sqrt(1 - GENRE_LOADING ** 2);

/** How many users and movies a world has. */
export type WorldSizes = { readonly users: number; readonly movies: number };

/** A world: public profiles plus the hidden tastes behaviour follows. */
export type World = {
  readonly seed: number;
  /** User id `i + 1` is `users[i]`. */
  readonly users: readonly UserProfile[];
  readonly movies: readonly SimMovie[];
  readonly movieIndex: ReadonlyMap<string, number>;
  /** Row-major, TASTE_RANK values per user / movie. */
  readonly userTastes: Float64Array;
  readonly movieTastes: Float64Array;
  /** Running sums of user activity (log-normal: a few users request far more often). */
  readonly activityCumulative: Float64Array;
  /** Running sums of movie popularity, for organic discovery. */
  readonly popularityCumulative: Float64Array;
};

function genreTilt(user: UserProfile): number[] {
  return GENRES.map((g) => {
    let w = g.weight;
    if (user.age < 18 && (g.name === "Animation" || g.name === "Family")) w *= 6;
    if (user.age >= 55 && (g.name === "History" || g.name === "Western" || g.name === "War")) w *= 2;
    if (user.gender === "F" && g.name === "Romance") w *= 1.8;
    if (user.gender === "M" && (g.name === "Action" || g.name === "Science Fiction")) w *= 1.5;
    return w;
  });
}

function writeTaste(random: Random, target: Float64Array, row: number, genreVectors: Float64Array[], genres: readonly number[]) {
  const scale = genres.length > 0 ? GENRE_LOADING / Math.sqrt(genres.length) : 0;
  const noise = genres.length > 0 ? NOISE_LOADING : 1;
  for (let d = 0; d < TASTE_RANK; d++) {
    let mix = 0;
    for (const g of genres) mix += genreVectors[g][d];
    target[row * TASTE_RANK + d] = scale * mix + noise * gaussian(random);
  }
}

/** The world for `seed`: the same seed and sizes always give the same world. */
export function createWorld(seed: number, sizes: WorldSizes): World {
  if (!Number.isInteger(sizes.users) || sizes.users < 1) throw new Error(`createWorld needs at least one user: users=${sizes.users}`);
  if (!Number.isInteger(sizes.movies) || sizes.movies < 1) throw new Error(`createWorld needs at least one movie: movies=${sizes.movies}`);
  const random = mulberry32(seed);
  const genreVectors = GENRES.map(() => Float64Array.from({ length: TASTE_RANK }, () => gaussian(random)));

  const movies: SimMovie[] = [];
  const movieIndex = new Map<string, number>();
  const movieTastes = new Float64Array(sizes.movies * TASTE_RANK);
  let retries = 0;
  while (movies.length < sizes.movies) {
    const i = movies.length;
    const quirk = sizes.movies >= QUIRK_TITLES.length ? QUIRK_TITLES[i] : undefined;
    // Huge catalogues exhaust the invented titles: number them, as sequels are.
    const title = retries > 20 ? `${drawTitle(random)} ${i}` : drawTitle(random);
    const movie = quirk ? drawMovie(random, i, quirk[0], quirk[1]) : drawMovie(random, i, title);
    if (movieIndex.has(movie.profile.id)) {
      retries++; // a remake of an invented title: draw again
      continue;
    }
    retries = 0;
    movieIndex.set(movie.profile.id, i);
    movies.push(movie);
    writeTaste(random, movieTastes, i, genreVectors, movie.genres);
  }

  const users: UserProfile[] = [];
  const userTastes = new Float64Array(sizes.users * TASTE_RANK);
  const activity: number[] = [];
  for (let i = 0; i < sizes.users; i++) {
    const user = drawUserProfile(random, i + 1);
    const tilt = genreTilt(user);
    const favourites = new Set<number>();
    const count = drawInt(random, 1, 3);
    while (favourites.size < count) favourites.add(drawWeighted(random, tilt));
    writeTaste(random, userTastes, i, genreVectors, [...favourites]);
    users.push(user);
    activity.push(Math.exp(gaussian(random)));
  }
  return {
    seed,
    users,
    movies,
    movieIndex,
    userTastes,
    movieTastes,
    activityCumulative: cumulative(activity),
    popularityCumulative: cumulative(movies.map((m) => m.popularity)),
  };
}
