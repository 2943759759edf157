/**
 * The pure behaviour step: a user got an answer from the recommendation service.
 * The client logs the request; the user scans the list (see conversion-model.ts)
 * and may start a recommended movie; otherwise the user may watch something on
 * their own; a watch is followed minute by minute and perhaps rated.
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { affinity } from "../world/affinity.ts";
import type { World } from "../world/create-world.ts";
import { drawInt } from "../world/random-draws.ts";
import { acceptance, viewProbability } from "./conversion-model.ts";
import { pickOrganic } from "./pick-organic.ts";
import type { RouterAnswer } from "./router-answer.ts";
import { watchSession } from "./watch-session.ts";

/** Chance that a user who started nothing from the list watches something on their own. */
export const ORGANIC_SHARE = 0.4;
/** Seconds between reading the answer and pressing play. */
const THINK_MS: readonly [number, number] = [5_000, 60_000];

/** Everything the step needs: no clock or generator of its own. */
export type AnswerInput = {
  readonly world: World;
  readonly random: Random;
  /** A user index of the world. */
  readonly u: number;
  /** When the answer arrived (epoch ms, simulated). */
  readonly time: number;
  /** `host:port` the client logs. */
  readonly server: string;
  readonly answer: RouterAnswer;
  readonly seen: ReadonlySet<string>;
  /** A feedback-loop user watches the first unseen recommended movie and never anything else. */
  readonly feedbackLoop: boolean;
};

/** What the step produced and what it means for the user. */
export type AnswerOutcome = {
  readonly events: MovielogEvent[];
  /** Position of the recommended movie the user started, or null. */
  readonly convertedAt: number | null;
  /** The movie started (recommended or organic), or null. */
  readonly watched: string | null;
  /** When the user is free again (epoch ms). */
  readonly busyUntil: number;
};

function choosePosition(input: AnswerInput, items: readonly string[]): number | null {
  const { world, random, u, seen } = input;
  for (let position = 0; position < items.length; position++) {
    const m = world.movieIndex.get(items[position]);
    if (m === undefined) continue;
    if (input.feedbackLoop) {
      if (!seen.has(items[position])) return position;
      continue;
    }
    if (random() < viewProbability(position) * acceptance(affinity(world, u, m), seen.has(items[position]))) return position;
  }
  return null;
}

/** Events and outcome of user index `u` receiving `answer` at `time`. */
export function respondToAnswer(input: AnswerInput): AnswerOutcome {
  const { world, random, u, time, answer } = input;
  const userId = u + 1;
  const latencyMs = Math.round(answer.latencyMs);
  const events: MovielogEvent[] = [answer.ok
    ? { kind: "recommendation", time, userId, server: input.server, status: 200, items: [...answer.items], error: null, latencyMs }
    : { kind: "recommendation", time, userId, server: input.server, status: answer.status, items: [], error: answer.error, latencyMs }];
  const convertedAt = answer.ok ? choosePosition(input, answer.items) : null;
  let m: number | undefined;
  if (convertedAt !== null && answer.ok) m = world.movieIndex.get(answer.items[convertedAt]);
  else if (!input.feedbackLoop && random() < ORGANIC_SHARE) m = pickOrganic(world, random, u, input.seen);
  if (m === undefined) return { events, convertedAt: null, watched: null, busyUntil: time };
  const session = watchSession(world, random, u, m, time + drawInt(random, THINK_MS[0], THINK_MS[1]));
  events.push(...session.events);
  return { events, convertedAt, watched: world.movies[m].profile.id, busyUntil: session.end };
}
