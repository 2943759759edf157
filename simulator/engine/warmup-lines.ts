/**
 * Warm-up history for a fresh system: users watching and rating on their own
 * (no recommendation service involved), about one line per simulated second,
 * the newest line exactly at `end`, so the trainer has data before the first
 * request arrives.
 */
import { parseLine } from "../../shared/movielog/parse-line.ts";
import type { FaultKind } from "../faults/fault-kind.ts";
import type { FaultRates } from "../faults/fault-rates.ts";
import type { EmittedLine } from "../faults/emitted-line.ts";
import type { World } from "../world/create-world.ts";
import { createSimulation } from "./create-simulation.ts";

/** Average lines of an organic session (watched minutes plus the odd rating), measured on default worlds. */
const LINES_PER_SESSION = 70;

/** Size, end time and faults of a warm-up history. */
export type WarmupOptions = {
  readonly world: World;
  readonly seed: number;
  /** How many lines to write. */
  readonly lines: number;
  /** Simulated time of the newest line (epoch ms). */
  readonly end: number;
  readonly faults?: ReadonlySet<FaultKind>;
  readonly rates?: Partial<FaultRates>;
  /** Simulated milliseconds per line on average (default 1000). */
  readonly msPerLine?: number;
};

function* organicHistory(options: WarmupOptions, start: number): Generator<EmittedLine> {
  const msPerLine = options.msPerLine ?? 1000;
  const engine = createSimulation({ world: options.world, seed: options.seed, start, server: "warmup:0", faults: options.faults, rates: options.rates, oracle: false });
  const sessionsPerSecond = 1000 / (LINES_PER_SESSION * msPerLine);
  let written = 0;
  for (let time = start;;) {
    time += Math.round(engine.arrivalGap(time, sessionsPerSecond));
    for (const line of engine.drain(time)) {
      if (written++ >= options.lines) return;
      yield line;
    }
    const { userId } = engine.arrive(time);
    if (userId !== null) engine.watchOnOwn(time, userId);
  }
}

/** Exactly `lines` history lines in time order (apart from injected faults), the newest stored one at `end`. */
export function* warmupLines(options: WarmupOptions): Generator<EmittedLine> {
  if (options.lines <= 0) return;
  const guess = options.end - options.lines * (options.msPerLine ?? 1000);
  // Where sessions still running are cut is only known after a run; the run is
  // deterministic and shifts with its start, so a dry pass finds the exact start.
  let newest = guess;
  for (const { line, expect } of organicHistory(options, guess)) {
    // Only lines the platform stores set the clock: a far-future hostile line parses too.
    if (expect !== "event") continue;
    const parsed = parseLine(line);
    if (parsed.ok && parsed.event.time > newest) newest = parsed.event.time;
  }
  yield* organicHistory(options, guess + (options.end - newest));
}
