/**
 * One simulated user's first day with a recommender, on the simulator's own world and
 * behaviour: requests come as a Poisson process scaled by the user's activity (a few
 * users ask far more often), each answer goes through respondToAnswer (the cascade scan,
 * organic watches, watch sessions), and the user is busy while watching. The result is
 * what telemetry and the movielog would hold: the lists shown and the user's first start
 * of each movie, ready for the measurement layer.
 */
import type { ItemTeam } from "../../shared/interleaving/team-draft.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import type { WatchStart } from "../../measurement/conversion/converting-starts.ts";
import { respondToAnswer } from "../../simulator/behaviour/respond-to-answer.ts";
import { type RouterAnswer, timeoutError } from "../../simulator/behaviour/router-answer.ts";
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import type { World } from "../../simulator/world/create-world.ts";
import { drawExponential, drawInt } from "../../simulator/world/random-draws.ts";

const DAY_MS = 86_400_000;
const SERVER = "recommender.bench:8082";

/** What a recommender answers to request `request` (0-based) of the user: items, with teams when interleaved. */
export type Served = { readonly items: readonly string[]; readonly teams?: readonly ItemTeam[] };

/** One user's day to simulate. */
export type UserDay = {
  readonly world: World;
  /** User index in the world. */
  readonly u: number;
  readonly random: Random;
  /** The first request (epoch ms). */
  readonly start: number;
  /** Requests are made in [start, start + windowMs). */
  readonly windowMs: number;
  /** Requests a day of a user of average activity. */
  readonly requestsPerDay: number;
  /** The user's activity relative to the world's mean (heavy-tailed). */
  readonly activity: number;
  /** Every request of this user fails (a timeout), as for a user the service cannot serve. */
  readonly failing: boolean;
  readonly serve: (request: number) => Served;
};

/** A shown list as the measurement layer reads it (teams only for interleaved answers). */
export type ShownList = { readonly userId: number; readonly time: number; readonly items: readonly string[]; readonly teams: readonly ItemTeam[] };

/** What the day left in the logs. */
export type UserLogs = { readonly requests: number; readonly lists: ShownList[]; readonly starts: WatchStart[] };

/** Simulates `day`; pure given its random generator. */
export function simulateUserDay(day: UserDay): UserLogs {
  const { world, u, random } = day;
  const userId = u + 1;
  const meanGapMs = DAY_MS / (day.requestsPerDay * day.activity);
  const seen = new Set<string>();
  const firstStarts = new Map<string, number>();
  const lists: ShownList[] = [];
  let requests = 0;
  for (let time = day.start; time < day.start + day.windowMs; requests++) {
    let answer: RouterAnswer;
    let teams: readonly ItemTeam[] = [];
    if (day.failing) {
      answer = { ok: false, status: 0, error: timeoutError(SERVER), latencyMs: SITE_CLIENT_TIMEOUT_MS };
    } else {
      const served = day.serve(requests);
      answer = { ok: true, items: served.items, latencyMs: drawInt(random, 5, 60) };
      teams = served.teams ?? [];
    }
    const answeredAt = time + answer.latencyMs;
    const outcome = respondToAnswer({ world, random, u, time: answeredAt, server: SERVER, answer, seen, feedbackLoop: false });
    if (answer.ok) lists.push({ userId, time: answeredAt, items: answer.items, teams });
    for (const event of outcome.events) {
      if (event.kind === "watch" && !(event.time >= (firstStarts.get(event.movieId) ?? Infinity))) firstStarts.set(event.movieId, event.time);
    }
    if (outcome.watched !== null) seen.add(outcome.watched);
    time = Math.max(time, outcome.busyUntil) + Math.round(drawExponential(random, meanGapMs));
  }
  const starts = [...firstStarts].map(([movieId, firstTime]) => ({ userId, movieId, firstTime }));
  return { requests, lists, starts };
}
