/**
 * Catalogue distributions of the simulated movies, summarised from 300 bodies of
 * the course's movie API (../shared/data/api/movies-sample.jsonl): genre
 * frequencies (TMDB genre ids), genres per movie, release decades, languages,
 * runtime and popularity quantiles, and how often "null" strings appear.
 */

/** TMDB genres with their counts in the sample (a movie lists several). */
export const GENRES: readonly { id: number; name: string; weight: number }[] = [
  { id: 18, name: "Drama", weight: 183 }, { id: 35, name: "Comedy", weight: 82 },
  { id: 10749, name: "Romance", weight: 52 }, { id: 53, name: "Thriller", weight: 51 },
  { id: 28, name: "Action", weight: 40 }, { id: 80, name: "Crime", weight: 38 },
  { id: 12, name: "Adventure", weight: 29 }, { id: 36, name: "History", weight: 22 },
  { id: 99, name: "Documentary", weight: 22 }, { id: 27, name: "Horror", weight: 20 },
  { id: 10752, name: "War", weight: 19 }, { id: 14, name: "Fantasy", weight: 14 },
  { id: 9648, name: "Mystery", weight: 13 }, { id: 10769, name: "Foreign", weight: 12 },
  { id: 10402, name: "Music", weight: 11 }, { id: 878, name: "Science Fiction", weight: 11 },
  { id: 10751, name: "Family", weight: 8 }, { id: 37, name: "Western", weight: 6 },
  { id: 16, name: "Animation", weight: 4 }, { id: 10770, name: "TV Movie", weight: 4 },
];

/** Counts of movies listing 0, 1, 2, … genres in the sample. */
export const GENRE_COUNT_WEIGHTS: readonly number[] = [5, 85, 109, 71, 26, 3, 1];

/** Release decades and their counts in the sample (the catalogue ends in 2016). */
export const DECADES: readonly (readonly [number, number])[] = [
  [1910, 2], [1920, 3], [1930, 13], [1940, 11], [1950, 20], [1960, 19], [1970, 23],
  [1980, 31], [1990, 44], [2000, 86], [2010, 48],
];
export const LAST_YEAR = 2016;

/** Original languages (ISO 639-1), their English names, a country, and weights. */
export const LANGUAGES: readonly { code: string; name: string; country: [string, string]; weight: number }[] = [
  { code: "en", name: "English", country: ["US", "United States of America"], weight: 212 },
  { code: "fr", name: "Français", country: ["FR", "France"], weight: 18 },
  { code: "de", name: "Deutsch", country: ["DE", "Germany"], weight: 8 },
  { code: "sv", name: "svenska", country: ["SE", "Sweden"], weight: 7 },
  { code: "it", name: "Italiano", country: ["IT", "Italy"], weight: 7 },
  { code: "ja", name: "日本語", country: ["JP", "Japan"], weight: 6 },
  { code: "es", name: "Español", country: ["ES", "Spain"], weight: 6 },
  { code: "zh", name: "普通话", country: ["CN", "China"], weight: 6 },
  { code: "ko", name: "한국어/조선말", country: ["KR", "South Korea"], weight: 5 },
  { code: "ru", name: "Pусский", country: ["RU", "Russia"], weight: 3 },
];

/** Runtime is log-normal around 103 minutes (sample quartiles 91 and 117), clamped. */
export const RUNTIME = { medianMinutes: 103, logSpread: 0.2, min: 25, max: 300 } as const;

/** Popularity is log-normal and heavy-tailed (sample median 2.4, 99th percentile 22, maximum 141). */
export const POPULARITY = { median: 2.4, logSpread: 1.3 } as const;

/** Vote average centres on 6.4; vote counts are log-normal (median 23) and rise with popularity. */
export const VOTES = { averageMean: 6.4, averageSpread: 0.9, countMedian: 23, countLogSpread: 1.6 } as const;

/** Shares of "homepage" values: the string "null" (56%), empty (21%), else a URL. */
export const HOMEPAGE_NULL_SHARE = 0.56;
export const HOMEPAGE_EMPTY_SHARE = 0.21;

/** Share of movies whose budget and revenue are "0" (unknown) in the sample. */
export const UNKNOWN_MONEY_SHARE = 0.68;
