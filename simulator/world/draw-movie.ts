/** One simulated movie: its public API body and the hidden traits behaviour depends on. */
import type { Random } from "../../shared/random/mulberry32.ts";
import {
  DECADES, GENRE_COUNT_WEIGHTS, GENRES, HOMEPAGE_EMPTY_SHARE, HOMEPAGE_NULL_SHARE, LANGUAGES,
  LAST_YEAR, POPULARITY, RUNTIME, UNKNOWN_MONEY_SHARE, VOTES,
} from "./movie-distributions.ts";
import type { MovieProfile } from "./movie-profile.ts";
import { movieSlug } from "./movie-slug.ts";
import { drawInt, drawItem, drawWeighted } from "./random-draws.ts";
import { gaussian } from "../../shared/random/gaussian.ts";

/** A movie's public profile and hidden traits. */
export type SimMovie = {
  readonly profile: MovieProfile;
  /** Indexes into GENRES. */
  readonly genres: readonly number[];
  /** The API's popularity as a number; organic watching follows it. */
  readonly popularity: number;
  /** Hidden standard-normal quality; raises vote_average and every user's affinity. */
  readonly quality: number;
  /** Standard-normal popularity score (log popularity, standardised). */
  readonly popularityScore: number;
};

const STUDIO_WORDS = ["Northlight", "Harbor", "Red Fern", "Blue Owl", "Meridian", "Lantern", "Granite", "Silver Reel", "Kestrel", "Paloma"];
const STUDIO_KINDS = ["Pictures", "Films", "Studios", "Entertainment", "Productions"];
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const decadeWeights = DECADES.map(([, n]) => n);
const genreWeights = GENRES.map((g) => g.weight);
const languageWeights = LANGUAGES.map((l) => l.weight);

function token(random: Random, length: number): string {
  let s = "";
  for (let i = 0; i < length; i++) s += BASE62[Math.floor(random() * 62)];
  return s;
}

function drawGenres(random: Random): number[] {
  const count = drawWeighted(random, GENRE_COUNT_WEIGHTS);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(drawWeighted(random, genreWeights));
  return [...chosen].sort((a, b) => a - b);
}

function money(random: Random, scale: number): string {
  return random() < UNKNOWN_MONEY_SHARE ? "0" : String(Math.round(scale * Math.exp(1.5 * gaussian(random))));
}

/** Draws movie number `index` (0-based) with the given title; `year` undefined draws one, null means unknown. */
export function drawMovie(random: Random, index: number, title: string, year?: number | null): SimMovie {
  const releaseYear = year !== undefined ? year : Math.min(LAST_YEAR, DECADES[drawWeighted(random, decadeWeights)][0] + drawInt(random, 0, 9));
  const genres = drawGenres(random);
  const language = LANGUAGES[drawWeighted(random, languageWeights)];
  const popularityScore = gaussian(random);
  const quality = gaussian(random);
  const popularity = POPULARITY.median * Math.exp(POPULARITY.logSpread * popularityScore);
  const voteCount = Math.round(VOTES.countMedian * Math.exp(VOTES.countLogSpread * (0.8 * popularityScore + 0.6 * gaussian(random))) - 1);
  const voteAverage = voteCount <= 0 ? 0 : Math.min(10, Math.max(1, VOTES.averageMean + VOTES.averageSpread * quality));
  const runtime = Math.round(Math.min(RUNTIME.max, Math.max(RUNTIME.min, RUNTIME.medianMinutes * Math.exp(RUNTIME.logSpread * gaussian(random)))));
  const homepageDraw = random();
  const companies = drawInt(random, 0, 2);
  const profile: MovieProfile = {
    id: movieSlug(title, releaseYear),
    tmdb_id: 10_000 + index * 31 + drawInt(random, 0, 30),
    imdb_id: `tt${String(drawInt(random, 10_000, 9_999_999)).padStart(7, "0")}`,
    title,
    original_title: title,
    adult: "False",
    belongs_to_collection: random() < 0.1 ? { id: 100_000 + index, name: `${title} Collection`, poster_path: `/${token(random, 27)}.jpg`, backdrop_path: `/${token(random, 27)}.jpg` } : {},
    budget: money(random, 8_000_000),
    genres: genres.map((g) => ({ id: GENRES[g].id, name: GENRES[g].name })),
    homepage: homepageDraw < HOMEPAGE_NULL_SHARE ? "null" : homepageDraw < HOMEPAGE_NULL_SHARE + HOMEPAGE_EMPTY_SHARE ? "" : `http://www.${movieSlug(title, null).replace(/[^a-z0-9]/g, "")}.com/`,
    original_language: language.code,
    overview: `${title} follows ${genres.length > 0 ? `a ${GENRES[genres[0]].name.toLowerCase()} story` : "a story"} of people and places changed by one ${releaseYear ?? "undated"} season.`,
    popularity: popularity.toFixed(6),
    poster_path: `/${token(random, 27)}.jpg`,
    production_companies: Array.from({ length: companies }, (_, i) => ({ name: `${drawItem(random, STUDIO_WORDS)} ${drawItem(random, STUDIO_KINDS)}`, id: 1000 + index * 3 + i })),
    production_countries: [{ iso_3166_1: language.country[0], name: language.country[1] }],
    release_date: releaseYear === null ? "null" : `${releaseYear}-${String(drawInt(random, 1, 12)).padStart(2, "0")}-${String(drawInt(random, 1, 28)).padStart(2, "0")}`,
    revenue: money(random, 20_000_000),
    runtime,
    spoken_languages: [{ iso_639_1: language.code, name: language.name }],
    status: "Released",
    tagline: "",
    vote_average: voteAverage.toFixed(1),
    vote_count: String(Math.max(0, voteCount)),
  };
  return { profile, genres, popularity, quality, popularityScore };
}
