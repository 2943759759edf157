/**
 * A user watching one movie: one line per minute from minute 0, as long as the
 * runtime at most (liked movies are finished more often), then perhaps a rating
 * drawn from true affinity. Ratings are calibrated so the watched mix lands near
 * the real stream's shares (1: 0.2%, 2: 4%, 3: 32%, 4: 51%, 5: 13%).
 */
import type { RateEvent, WatchEvent } from "../../shared/movielog/events.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { affinity } from "../world/affinity.ts";
import type { World } from "../world/create-world.ts";
import { drawInt } from "../world/random-draws.ts";
import { gaussian } from "../../shared/random/gaussian.ts";

const MINUTE_MS = 60_000;
/** Affinity at which half the sessions run to the end. */
const FINISH_MIDPOINT = 0.8;
const RATE_AFTER_FINISH = 0.6;
const RATE_AFTER_ABANDON = 0.2;
const RATING_BASE = 2.85;
const RATING_SLOPE = 0.45;
const RATING_NOISE = 0.6;

/** A session's lines in time order, and when the user is free again. */
export type WatchSession = { readonly events: (WatchEvent | RateEvent)[]; readonly end: number };

/** The lines of user index `u` watching movie index `m` from `start` (epoch ms). */
export function watchSession(world: World, random: Random, u: number, m: number, start: number): WatchSession {
  const movie = world.movies[m];
  const userId = u + 1;
  const movieId = movie.profile.id;
  const a = affinity(world, u, m);
  const runtime = movie.profile.runtime;
  const finished = random() < 1 / (1 + Math.exp(-1.5 * (a - FINISH_MIDPOINT)));
  const minutes = finished ? runtime : Math.max(1, Math.floor(runtime * (0.03 + 0.85 * random())));
  const events: (WatchEvent | RateEvent)[] = [];
  for (let minute = 0; minute < minutes; minute++) {
    events.push({ kind: "watch", time: start + minute * MINUTE_MS + drawInt(random, 0, 999), userId, movieId, minute });
  }
  let end = start + minutes * MINUTE_MS;
  if (random() < (finished ? RATE_AFTER_FINISH : RATE_AFTER_ABANDON)) {
    const rating = Math.min(5, Math.max(1, Math.round(RATING_BASE + RATING_SLOPE * a + RATING_NOISE * gaussian(random))));
    end += drawInt(random, 5_000, 240_000);
    events.push({ kind: "rate", time: end, userId, movieId, rating });
  }
  return { events, end };
}
