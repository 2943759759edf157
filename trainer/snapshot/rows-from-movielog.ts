/**
 * Training rows straight from a movielog file, for offline work without an event
 * store: the same aggregation ingestion applies (distinct minutes per session, the
 * latest rating per user and movie), ordered by user then movie id like a selection.
 */
import { parseLine } from "../../shared/movielog/parse-line.ts";
import { IdMap } from "../datasets/id-map.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { readLineChunks } from "../../infra/files/read-lines.ts";
import type { TrainingRows } from "./training-rows.ts";

type Pair = { user: number; movie: string };

/** Reads `path` and aggregates it; rejected lines are counted, not thrown. */
export async function rowsFromMovielog(path: string): Promise<{ rows: TrainingRows; rejected: number }> {
  const minutes = new Map<string, { pair: Pair; minutes: Set<number>; last: number }>();
  const ratings = new Map<string, { pair: Pair; rating: number; time: number }>();
  let rejected = 0;
  for await (const chunk of readLineChunks(path, 10_000)) {
    for (const line of chunk) {
      const result = parseLine(line.raw);
      if (!result.ok) {
        rejected++;
        continue;
      }
      const e = result.event;
      if (e.kind === "recommendation") continue;
      const key = `${e.userId}\u0000${e.movieId}`;
      const pair = { user: e.userId, movie: e.movieId };
      if (e.kind === "watch") {
        const session = minutes.get(key) ?? { pair, minutes: new Set<number>(), last: e.time };
        session.minutes.add(e.minute);
        session.last = Math.max(session.last, e.time);
        minutes.set(key, session);
      } else {
        const previous = ratings.get(key);
        if (!previous || e.time >= previous.time) ratings.set(key, { pair, rating: e.rating, time: e.time });
      }
    }
  }
  const order = (a: Pair, b: Pair) => a.user - b.user || (a.movie < b.movie ? -1 : a.movie > b.movie ? 1 : 0);
  const users = new IdMap();
  const items = new IdMap();
  const watch = new InteractionsBuilder();
  for (const s of [...minutes.values()].sort((a, b) => order(a.pair, b.pair))) {
    watch.push(users.intern(String(s.pair.user)), items.intern(s.pair.movie), s.minutes.size, s.last);
  }
  const rated = new InteractionsBuilder();
  for (const r of [...ratings.values()].sort((a, b) => order(a.pair, b.pair))) {
    rated.push(users.intern(String(r.pair.user)), items.intern(r.pair.movie), r.rating, r.time);
  }
  return { rows: { users, items, ratings: rated.build(), watch: watch.build() }, rejected };
}
