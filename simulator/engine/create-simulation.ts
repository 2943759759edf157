/**
 * The simulator's engine, shared by the in-process mode, the warm-up and the
 * live runner: it draws who asks next, turns answers into behaviour, keeps
 * future events until their time, and applies the switched-on faults. It does
 * no I/O and reads no clock: callers pass simulated times in.
 */
import type { MovielogEvent } from "../../shared/movielog/events.ts";
import type { Random } from "../../shared/random/mulberry32.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { pickOrganic } from "../behaviour/pick-organic.ts";
import { respondToAnswer } from "../behaviour/respond-to-answer.ts";
import type { RouterAnswer } from "../behaviour/router-answer.ts";
import { watchSession } from "../behaviour/watch-session.ts";
import type { EmittedLine } from "../faults/emitted-line.ts";
import type { FaultKind } from "../faults/fault-kind.ts";
import { DEFAULT_FAULT_RATES, type FaultRates } from "../faults/fault-rates.ts";
import { createLineFaultInjector } from "../faults/line-fault-injector.ts";
import { bestConversion } from "../oracle/oracle-list.ts";
import { scoreList } from "../oracle/score-list.ts";
import type { World } from "../world/create-world.ts";
import { drawExponential, drawFromCumulative, drawInt, drawItem } from "../world/random-draws.ts";
import { createEventQueue } from "./event-queue.ts";
import { emptyStats, type SimulationStats } from "./simulation-stats.ts";

/** A run's world, seed, simulated start and switches. */
export type SimulationOptions = {
  readonly world: World;
  readonly seed: number;
  /** Simulated time the run starts at (epoch ms). */
  readonly start: number;
  /** `host:port` written into recommendation lines. */
  readonly server: string;
  readonly faults?: ReadonlySet<FaultKind>;
  readonly rates?: Partial<FaultRates>;
  /** Length of oracle lists (the service's list length). */
  readonly listSize?: number;
  /** Score every request against the oracle (costs one pass over the movies per request). */
  readonly oracle?: boolean;
  /** Sees every clean event as it leaves the queue (before line faults). */
  readonly onEvent?: (event: MovielogEvent) => void;
};

/** Who arrives: a user asking for recommendations (null: everyone drawn was busy), and perhaps an invalid request. */
export type Arrival = { readonly userId: number | null; readonly invalidPath: string | null };

/** The engine's operations (arrive, answer, watchOnOwn, drain, finish, stats). */
export type Simulation = ReturnType<typeof createSimulation>;

const INVALID_PATHS = ["/recommend/abc", "/recommend/-1", `/recommend/${"9".repeat(10_240)}`];
const BUSY_RETRIES = 5;

/** A fresh engine; equal options give equal streams. */
export function createSimulation(options: SimulationOptions) {
  const { world, server } = options;
  const faults = options.faults ?? new Set<FaultKind>();
  const rates: FaultRates = { ...DEFAULT_FAULT_RATES, ...options.rates };
  const listSize = options.listSize ?? 20;
  // Separate streams: switching a fault on leaves the other draws as they were.
  const behaviour: Random = mulberry32(options.seed ^ 0x9e3779b9);
  const arrivals: Random = mulberry32(options.seed ^ 0x85ebca6b);
  const faultRandom: Random = mulberry32(options.seed ^ 0x27d4eb2f);
  const movieIds = faults.has("hostile") ? world.movies.map((m) => m.profile.id) : [];
  const injector = createLineFaultInjector(mulberry32(options.seed ^ 0xc2b2ae35), faults, rates, movieIds);
  const queue = createEventQueue();
  const busyUntil = new Float64Array(world.users.length);
  const seen = new Map<number, Set<string>>();
  const stats = emptyStats();
  const shillingTarget = world.movies.reduce((low, m) => (m.popularity < low.popularity ? m : low)).profile.id;
  let nextShillId = world.users.length + 1;

  const seenBy = (u: number) => seen.get(u) ?? seen.set(u, new Set()).get(u)!;
  const isFeedbackUser = (userId: number) => faults.has("feedback-loop") && userId % rates.feedbackLoopEvery === 0;

  const drawIdleUser = (time: number): number | null => {
    for (let attempt = 0; attempt < BUSY_RETRIES; attempt++) {
      const u = drawFromCumulative(arrivals, world.activityCumulative);
      if (busyUntil[u] <= time) return u;
    }
    stats.skipped++;
    return null;
  };

  const rateFactor = (time: number): number => {
    if (!faults.has("bursts")) return 1;
    return (time - options.start) % rates.burstEveryMs < rates.burstLengthMs ? rates.burstFactor : 1;
  };
  const drain = (until: number): EmittedLine[] =>
    queue.popUntil(until).flatMap((event) => {
      options.onEvent?.(event);
      return injector.push(event);
    });

  return {
    shillingTarget,
    stats: (): SimulationStats => stats,
    /** Request rate multiplier at `time` (bursts). */
    rateFactor,
    /** Simulated milliseconds until the next arrival at `ratePerSecond` (bursts included). */
    arrivalGap(time: number, ratePerSecond: number): number {
      return drawExponential(arrivals, 1000 / (ratePerSecond * rateFactor(time)));
    },
    /** Who arrives at `time`; the user (if any) is busy until `answer` is called. */
    arrive(time: number): Arrival {
      if (faults.has("shilling") && faultRandom() < rates.shilling) {
        const userId = nextShillId++;
        queue.push({ kind: "rate", time: time + drawInt(faultRandom, 0, 30_000), userId, movieId: shillingTarget, rating: 5 });
        stats.shillRatings++;
      }
      const invalidPath = faults.has("invalid-requests") && faultRandom() < rates.invalidRequests ? drawItem(faultRandom, INVALID_PATHS) : null;
      if (invalidPath) stats.invalidRequests++;
      const u = drawIdleUser(time);
      if (u !== null) busyUntil[u] = Infinity;
      return { userId: u === null ? null : u + 1, invalidPath };
    },
    /** Applies the answer user `userId` got at `time`; returns whether a recommended movie was started. */
    answer(time: number, userId: number, answer: RouterAnswer): { convertedAt: number | null } {
      const u = userId - 1;
      const userSeen = seenBy(u);
      const outcome = respondToAnswer({ world, random: behaviour, u, time, server, answer, seen: userSeen, feedbackLoop: isFeedbackUser(userId) });
      stats.requests++;
      if (answer.ok) {
        stats.answered++;
        stats.expectedConversionSum += scoreList(world, userId, answer.items, userSeen).expectedConversion;
      }
      if (options.oracle ?? true) stats.oracleConversionSum += bestConversion(world, userId, listSize, userSeen);
      const perUser = stats.perUser.get(userId) ?? { requests: 0, conversions: 0 };
      perUser.requests++;
      if (outcome.convertedAt !== null) {
        stats.conversions++;
        perUser.conversions++;
      } else if (outcome.watched !== null) stats.organicWatches++;
      stats.perUser.set(userId, perUser);
      if (outcome.watched !== null) userSeen.add(outcome.watched);
      busyUntil[u] = outcome.busyUntil;
      for (const event of outcome.events) queue.push(event);
      return { convertedAt: outcome.convertedAt };
    },
    /** User `userId` watches something on their own from `time` (warm-up history: no request). */
    watchOnOwn(time: number, userId: number): void {
      const u = userId - 1;
      const m = pickOrganic(world, behaviour, u, seenBy(u));
      const session = watchSession(world, behaviour, u, m, time);
      seenBy(u).add(world.movies[m].profile.id);
      busyUntil[u] = session.end;
      stats.organicWatches++;
      for (const event of session.events) queue.push(event);
    },
    /** Lines of every event due by `until`, faults applied. */
    drain,
    /** Every remaining line, including those still held back. */
    finish(): EmittedLine[] {
      return [...drain(Infinity), ...injector.flush()];
    },
    pending: () => queue.size,
  };
}
