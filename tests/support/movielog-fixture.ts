/**
 * Seeded movielog streams shaped like the real one: users watching movies minute
 * by minute, rating some, and recommendation requests (some timing out), with a
 * chosen share of malformed lines and of exact duplicate lines. For tests and
 * benchmarks; nothing here reads ../shared/data.
 */
import { formatLine } from "../../shared/movielog/format-line.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";

export type FixtureOptions = {
  seed: number;
  lines: number;
  users?: number;
  movies?: number;
  /** Share of lines that are malformed (each of a known kind). */
  malformedShare?: number;
  /** Share of lines that repeat an earlier line exactly. */
  duplicateShare?: number;
  start?: number;
};

export type FixtureLine = { line: string; userId: number | null };

const MALFORMED: ((t: string, u: number) => string)[] = [
  (t, u) => `${t},${u},GET /rate/the+matrix+1999=7`,
  (t, u) => `${t},${u},GET /data/m/akira+1988/11`,
  (t) => `${t},not-a-user,GET /rate/the+matrix+1999=4`,
  (_, u) => `yesterday,${u},GET /rate/the+matrix+1999=4`,
  (t, u) => `${t},${u},POST /login`,
  (t, u) => `${t},${u},GET /rate/The Matrix=4`,
  () => "",
];

const SLUG_WORDS = ["the", "night", "of", "love", "star", "wars", "monsters_", "inc.", "m*a*s*h", "10th", "wolf", "akira"];

/** Deterministic movie slugs such as `night+of+love+1994`. */
export function fixtureMovieIds(count: number, seed: number): string[] {
  const random = mulberry32(seed ^ 0x5bd1e995);
  const ids = new Set<string>();
  while (ids.size < count) {
    const words = Array.from({ length: 1 + Math.floor(random() * 3) }, () => SLUG_WORDS[Math.floor(random() * SLUG_WORDS.length)]);
    ids.add(`${words.join("+")}+${1950 + Math.floor(random() * 70)}${ids.size % 7 === 0 ? "+" : ""}`);
  }
  return [...ids];
}

/** A stream of `lines` lines in time order (malformed and duplicate lines mixed in). */
export function generateMovielog(options: FixtureOptions): FixtureLine[] {
  const random = mulberry32(options.seed);
  const users = options.users ?? 500;
  const movies = fixtureMovieIds(options.movies ?? 200, options.seed);
  const malformedShare = options.malformedShare ?? 0;
  const duplicateShare = options.duplicateShare ?? 0;
  let time = options.start ?? Date.UTC(2023, 1, 8, 2, 29);
  const out: FixtureLine[] = [];
  const watching = new Map<number, { movie: string; minute: number }>();
  while (out.length < options.lines) {
    time += Math.floor(random() * 40);
    const userId = 1 + Math.floor(random() * users);
    const r = random();
    if (out.length > 0 && r < duplicateShare) {
      out.push(out[Math.floor(random() * out.length)]);
      continue;
    }
    if (r < duplicateShare + malformedShare) {
      const make = MALFORMED[Math.floor(random() * MALFORMED.length)];
      out.push({ line: make(new Date(time).toISOString().slice(0, 19), userId), userId });
      continue;
    }
    const kind = random();
    let line: string;
    if (kind < 0.8) {
      const session = watching.get(userId) ?? { movie: movies[Math.floor(random() * movies.length)], minute: 0 };
      line = formatLine({ kind: "watch", time, userId, movieId: session.movie, minute: session.minute });
      if (random() < 0.03) watching.delete(userId);
      else watching.set(userId, { movie: session.movie, minute: session.minute + 1 });
    } else if (kind < 0.9) {
      line = formatLine({ kind: "rate", time, userId, movieId: movies[Math.floor(random() * movies.length)], rating: 1 + Math.floor(random() * 5) });
    } else {
      const ok = random() < 0.9;
      const items = Array.from({ length: 20 }, (_, i) => movies[(Math.floor(random() * movies.length) + i) % movies.length]);
      line = formatLine({
        kind: "recommendation", time, userId, server: "recommender:8082",
        status: ok ? 200 : 0, items: ok ? [...new Set(items)] : [],
        error: ok ? null : "java.util.concurrent.TimeoutException: Request timeout to recommender:8082 after 800 ms",
        latencyMs: ok ? 5 + Math.floor(random() * 200) : 800,
      });
    }
    out.push({ line, userId });
  }
  return out;
}
