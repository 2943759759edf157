/**
 * The in-process mode: users ask a `recommend` function instead of the HTTP
 * service, so many simulated canaries can run in seconds. Arrivals follow a
 * Poisson process in simulated time; the result holds every line, the clean
 * events, and conversion figures next to the oracle's ceiling.
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { RouterAnswer } from "../behaviour/router-answer.ts";
import type { EmittedLine } from "../faults/emitted-line.ts";
import { drawInt } from "../world/random-draws.ts";
import { createSimulation, type SimulationOptions } from "./create-simulation.ts";
import { conversionSummary, type SimulationStats } from "./simulation-stats.ts";

/** A recommender: a list of movie ids, or a full answer (e.g. a failure or a measured latency). */
export type Recommend = (userId: number, time: number) => readonly string[] | RouterAnswer | Promise<readonly string[] | RouterAnswer>;

/** An in-process run: the engine's options plus the arrivals and the recommender. */
export type SimulateOptions = Omit<SimulationOptions, "onEvent"> & {
  /** Arrivals to simulate. */
  readonly requests: number;
  /** Arrivals per simulated second (default 2). */
  readonly ratePerSecond?: number;
  readonly recommend: Recommend;
  /** Receives invalid request paths when the `invalid-requests` fault is on. */
  readonly probe?: (path: string) => unknown;
};

/** Every line written, the clean events, and the figures. */
export type SimulationResult = {
  readonly lines: EmittedLine[];
  readonly events: MovielogEvent[];
  readonly stats: SimulationStats;
  readonly summary: ReturnType<typeof conversionSummary>;
  readonly shillingTarget: string;
};

function isAnswer(reply: readonly string[] | RouterAnswer): reply is RouterAnswer {
  return !Array.isArray(reply);
}

/** Runs `requests` arrivals against `recommend` and returns the stream and its figures. */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const events: MovielogEvent[] = [];
  const engine = createSimulation({ ...options, onEvent: (e) => events.push(e) });
  const latency = mulberry32(options.seed ^ 0x165667b1);
  const rate = options.ratePerSecond ?? 2;
  const lines: EmittedLine[] = [];
  let time = options.start;
  for (let i = 0; i < options.requests; i++) {
    time += Math.round(engine.arrivalGap(time, rate));
    lines.push(...engine.drain(time));
    const arrival = engine.arrive(time);
    if (arrival.invalidPath !== null) await options.probe?.(arrival.invalidPath);
    if (arrival.userId === null) continue;
    const reply = await options.recommend(arrival.userId, time);
    const answer: RouterAnswer = isAnswer(reply) ? reply : { ok: true, items: reply, latencyMs: drawInt(latency, 5, 60) };
    engine.answer(time + Math.round(answer.latencyMs), arrival.userId, answer);
  }
  lines.push(...engine.finish());
  const stats = engine.stats();
  return { lines, events, stats, summary: conversionSummary(stats), shillingTarget: engine.shillingTarget };
}
