/**
 * The live loop: users ask the real service at `ratePerSecond` (real seconds,
 * bursts included), simulated time runs `speed` times faster than real time,
 * and every line is written once the simulated clock reaches its time, so the
 * stream's times stay consistent however fast the run.
 */
import { errorMessage, type Logger } from "../../infra/log/logger.ts";
import type { Simulation } from "../engine/create-simulation.ts";
import type { EmittedLine } from "../faults/emitted-line.ts";
import type { LineSink } from "./line-sink.ts";
import type { RouterClient } from "./router-client.ts";

/** The live loop's parts and pace. */
export type LiveOptions = {
  readonly engine: Simulation;
  readonly client: RouterClient;
  readonly sink: LineSink;
  readonly ratePerSecond: number;
  /** Simulated milliseconds per real millisecond. */
  readonly speed: number;
  /** Simulated time at the start (epoch ms). */
  readonly simStart: number;
  /** Real monotonic clock in milliseconds. */
  readonly realNow: () => number;
  readonly log: Logger;
  readonly tickMs?: number;
};

/** A running live loop. */
export type LiveRun = {
  /** Stops asking, waits for answers in flight, writes every line due by now. */
  stop(): Promise<void>;
  counts(): { linesWritten: number; invalidStatuses: Record<string, number> };
};

/** Starts the loop; it runs until `stop`. */
export function startLiveRun(options: LiveOptions): LiveRun {
  const { engine, client, sink, log } = options;
  const realStart = options.realNow();
  let lastTick = realStart;
  let due = 0;
  let linesWritten = 0;
  const invalidStatuses: Record<string, number> = {};
  const inFlight = new Set<Promise<void>>();
  let writing: Promise<void> = Promise.resolve();
  const simNow = () => Math.round(options.simStart + (options.realNow() - realStart) * options.speed);

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  const write = (lines: EmittedLine[]) => {
    if (lines.length === 0) return writing;
    writing = writing
      .then(() => sink.write(lines))
      .then(() => void (linesWritten += lines.length))
      .catch((error) => log.error("writing lines failed", { error: errorMessage(error), lines: lines.length }));
    return writing;
  };

  const tick = () => {
    const real = options.realNow();
    const now = simNow();
    due += (options.ratePerSecond * engine.rateFactor(now) * (real - lastTick)) / 1000;
    lastTick = real;
    for (; due >= 1; due--) {
      const arrival = engine.arrive(now);
      if (arrival.invalidPath !== null) {
        const path = arrival.invalidPath;
        track(client.request(path).then((status) => void (invalidStatuses[status] = (invalidStatuses[status] ?? 0) + 1)));
      }
      const userId = arrival.userId;
      if (userId !== null) track(client.recommend(userId).then((answer) => void engine.answer(simNow(), userId, answer)));
    }
    void write(engine.drain(now));
  };
  const timer = setInterval(tick, options.tickMs ?? 50);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      // Sessions still running are cut here: their future minutes are never written.
      await write(engine.drain(simNow()));
      await writing;
    },
    counts: () => ({ linesWritten, invalidStatuses: { ...invalidStatuses } }),
  };
}
