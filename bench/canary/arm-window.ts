/**
 * One arm's window of a canary step, aggregated as read-arm-stats.ts aggregates
 * telemetry and the stream: request counts by outcome and latency quantiles over every
 * request since the step began; per-user conversion and watch minutes over the lists
 * whose whole conversion window has passed (each user counts once, with their own mean).
 * Sums of per-user values are kept incrementally, so a check costs no pass over users.
 */
import type { ArmStats, UserMoments } from "../../release/judge/arm-stats.ts";
import type { RequestOutcome } from "./traffic/draw-request.ts";
import { LatencyWindow } from "./latency-window.ts";
import { PendingLists } from "./pending-lists.ts";

/** Running mean and sample variance of one value per user, where a user's value may change. */
class ChangingMoments {
  users = 0;
  #sum = 0;
  #squares = 0;

  replace(before: number | null, after: number): void {
    if (before === null) this.users++;
    else {
      this.#sum -= before;
      this.#squares -= before * before;
    }
    this.#sum += after;
    this.#squares += after * after;
  }

  moments(): UserMoments {
    if (this.users === 0) return { users: 0, mean: 0, variance: 0 };
    const mean = this.#sum / this.users;
    const variance = this.users < 2 ? 0 : Math.max(0, (this.#squares - this.#sum * mean) / (this.users - 1));
    return { users: this.users, mean, variance };
  }
}

/**
 * The memory of one arm's windows, reused by each window in turn (one at a time): a
 * window claims a user's slot by writing its own number instead of clearing 200,000
 * entries, and the queue of pending lists keeps the size it grew to.
 */
export class ArmBuffers {
  readonly owner: Int32Array;
  readonly slot: Int32Array;
  readonly pending = new PendingLists();
  #windows = 0;

  constructor(users: number) {
    this.owner = new Int32Array(users);
    this.slot = new Int32Array(users);
  }

  /** A number no earlier window of these buffers had; the pending lists start empty. */
  nextWindow(): number {
    this.pending.clear();
    return ++this.#windows;
  }
}

/** Telemetry and judged behaviour of one arm since its step began. */
export class ArmWindow {
  requests = 0;
  errors = 0;
  timeouts = 0;
  readonly latencies = new LatencyWindow();
  readonly #buffers: ArmBuffers;
  readonly #id: number;
  #shown: number[] = [];
  #conversions: number[] = [];
  #minutes: number[] = [];
  #conversion = new ChangingMoments();
  #watchMinutes = new ChangingMoments();

  /** An empty window over `buffers`, which no other window may use from now on. */
  constructor(buffers: ArmBuffers) {
    this.#buffers = buffers;
    this.#id = buffers.nextWindow();
  }

  /** Records one answer at `time` (telemetry) and, when the site showed it, its list (stream). */
  record(time: number, user: number, outcome: RequestOutcome, timedOut: boolean): void {
    this.requests++;
    // As read-arm-stats counts them: errors are 5xx but 504; timeouts are 504 or answers at or after the site's timeout.
    if (outcome.status >= 500 && outcome.status !== 504) this.errors++;
    if (outcome.status === 504 || timedOut) this.timeouts++;
    this.latencies.add(outcome.latencyMs);
    if (outcome.shown) this.#buffers.pending.push(time, user, outcome);
  }

  /** Judges every pending list shown before `to` (the judged period's end). */
  judgeUntil(to: number): void {
    this.#buffers.pending.judgeUntil(to, this.#judge);
  }

  readonly #judge = (user: number, converted: boolean, watchMinutes: number): void => {
    const { owner, slot: slots } = this.#buffers;
    const known = owner[user] === this.#id;
    if (!known) {
      owner[user] = this.#id;
      slots[user] = this.#shown.length;
      this.#shown.push(0);
      this.#conversions.push(0);
      this.#minutes.push(0);
    }
    const slot = slots[user];
    const shown = this.#shown[slot];
    const rateBefore = known ? this.#conversions[slot] / shown : null;
    const minutesBefore = known ? this.#minutes[slot] / shown : null;
    this.#shown[slot] = shown + 1;
    if (converted) this.#conversions[slot]++;
    this.#minutes[slot] += watchMinutes;
    this.#conversion.replace(rateBefore, this.#conversions[slot] / (shown + 1));
    this.#watchMinutes.replace(minutesBefore, this.#minutes[slot] / (shown + 1));
  };

  /** The judge's summary of this arm now. */
  stats(): ArmStats {
    const p95 = this.latencies.percentileCont(0.95);
    const p99 = this.latencies.percentileCont(0.99);
    return {
      requests: this.requests,
      errors: this.errors,
      timeouts: this.timeouts,
      fallbacks: 0,
      latencyMs: p95 === null || p99 === null ? null : { p95, p99 },
      conversion: this.#conversion.moments(),
      watch_minutes: this.#watchMinutes.moments(),
    };
  }
}
