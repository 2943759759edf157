/**
 * A seeded movielog with planted tastes: each user watches movies drawn by
 * softmax of a low-rank affinity, minute by minute, and rates some of them from
 * that affinity. A factor model can learn it; popularity alone cannot fully.
 */
import { formatLine } from "../../shared/movielog/format-line.ts";
import { gaussian } from "../../shared/random/gaussian.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { fixtureMovieIds } from "./movielog-fixture.ts";

export type StructuredOptions = { seed: number; users: number; movies: number; watchesPerUser: number; rank?: number };

/** Lines in time order. */
export function structuredMovielog(options: StructuredOptions): string[] {
  const random = mulberry32(options.seed);
  const rank = options.rank ?? 3;
  const movies = fixtureMovieIds(options.movies, options.seed);
  const taste = (n: number) => Array.from({ length: n }, () => Array.from({ length: rank }, () => gaussian(random)));
  const users = taste(options.users);
  const items = taste(options.movies);
  const events: { time: number; line: string }[] = [];
  const start = Date.UTC(2023, 1, 1);
  users.forEach((u, index) => {
    const userId = 1000 + index;
    const weights = items.map((v) => Math.exp(1.5 * v.reduce((s, x, d) => s + x * u[d], 0)));
    const total = weights.reduce((a, b) => a + b, 0);
    const watched = new Set<number>();
    let time = start + Math.floor(random() * 86_400_000);
    while (watched.size < Math.min(options.watchesPerUser, options.movies)) {
      let pick = random() * total;
      let item = 0;
      while (pick > weights[item] && item < weights.length - 1) pick -= weights[item++];
      if (watched.has(item)) continue;
      watched.add(item);
      const minutes = 2 + Math.floor(random() * 6);
      for (let m = 0; m < minutes; m++) {
        events.push({ time, line: formatLine({ kind: "watch", time, userId, movieId: movies[item], minute: m }) });
        time += 60_000;
      }
      if (random() < 0.5) {
        const affinity = items[item].reduce((s, x, d) => s + x * u[d], 0);
        const rating = Math.max(1, Math.min(5, Math.round(3.5 + affinity)));
        events.push({ time, line: formatLine({ kind: "rate", time, userId, movieId: movies[item], rating }) });
      }
      time += 3_600_000;
    }
  });
  return events.sort((a, b) => a.time - b.time).map((e) => e.line);
}
