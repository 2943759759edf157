/**
 * One arm's window of a canary step, aggregated as read-arm-stats.ts aggregates
 * telemetry and the stream: request counts by outcome, latency quantiles and the binned
 * latencies over every request since the step began; each user's share of failed
 * requests (errors, timeouts) with the users who had any, and how many users there
 * were (the sample-ratio check's count); per-user conversion and watch minutes over a fixed
 * window after the user's first shown list in the step, counted once that window's
 * lists are all judged, so a user's value is final when it enters (watch minutes capped
 * per list at the judge's WATCH_MINUTES_CAP). Sums of per-user values are kept
 * incrementally, so a check costs no pass over users.
 */
import type { ArmStats, LatencyHistogram, UserFailures, UserMoments } from "../../release/judge/arm-stats.ts";
import { latencyBin } from "../../release/judge/latency-histogram.ts";
import { WATCH_MINUTES_CAP } from "../../release/judge/lift-sequence.ts";
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
  /** The same claim for a user's requests (telemetry), apart from their judged lists. */
  readonly requestOwner: Int32Array;
  readonly requestSlot: Int32Array;
  readonly pending = new PendingLists();
  #windows = 0;

  constructor(users: number) {
    this.owner = new Int32Array(users);
    this.slot = new Int32Array(users);
    this.requestOwner = new Int32Array(users);
    this.requestSlot = new Int32Array(users);
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
  readonly #windowMs: number;
  // Per user with a judged list: the first list's time and the window's lists, conversions, minutes.
  #first: number[] = [];
  #shown: number[] = [];
  #conversions: number[] = [];
  #minutes: number[] = [];
  #conversion = new ChangingMoments();
  #watchMinutes = new ChangingMoments();
  // Users in order of their first list; those before #entered have a final value.
  #entered = 0;
  // Per user of this window: requests, errors, timeouts; and the failure shares' moments.
  #userRequests: number[] = [];
  #userErrors: number[] = [];
  #userTimeouts: number[] = [];
  #errorShare = new ChangingMoments();
  #timeoutShare = new ChangingMoments();
  #usersWithErrors = 0;
  #usersWithTimeouts = 0;
  readonly #bins = new Int32Array(4097);
  #lowestBin = 4097;
  #highestBin = -1;

  /** An empty window over `buffers`, which no other window may use from now on; each user is judged over `windowMs` after their first list. */
  constructor(buffers: ArmBuffers, windowMs: number) {
    this.#buffers = buffers;
    this.#id = buffers.nextWindow();
    this.#windowMs = windowMs;
  }

  /**
   * Records one answer at `time` (telemetry) and, when the site showed it, its list
   * (stream); `compared` false for an interleaved user, whom the conversion comparison
   * leaves out as read-arm-stats.ts does (they saw both rankings in one list).
   */
  record(time: number, user: number, outcome: RequestOutcome, timedOut: boolean, compared = true): void {
    this.requests++;
    // As read-arm-stats counts them: errors are 5xx but 504; timeouts are 504 or answers at or after the site's timeout.
    const error = outcome.status >= 500 && outcome.status !== 504;
    const timeout = outcome.status === 504 || timedOut;
    if (error) this.errors++;
    if (timeout) this.timeouts++;
    this.#recordUser(user, error, timeout);
    this.latencies.add(outcome.latencyMs);
    const bin = latencyBin(outcome.latencyMs);
    this.#bins[bin]++;
    if (bin < this.#lowestBin) this.#lowestBin = bin;
    if (bin > this.#highestBin) this.#highestBin = bin;
    if (outcome.shown && compared) this.#buffers.pending.push(time, user, outcome);
  }

  #recordUser(user: number, error: boolean, timeout: boolean): void {
    const { requestOwner: owner, requestSlot: slots } = this.#buffers;
    const known = owner[user] === this.#id;
    if (!known) {
      owner[user] = this.#id;
      slots[user] = this.#userRequests.length;
      this.#userRequests.push(0);
      this.#userErrors.push(0);
      this.#userTimeouts.push(0);
    }
    const slot = slots[user];
    const before = this.#userRequests[slot];
    const errorsBefore = this.#userErrors[slot], timeoutsBefore = this.#userTimeouts[slot];
    const after = before + 1;
    this.#userRequests[slot] = after;
    const errorsAfter = errorsBefore + (error ? 1 : 0), timeoutsAfter = timeoutsBefore + (timeout ? 1 : 0);
    this.#userErrors[slot] = errorsAfter;
    this.#userTimeouts[slot] = timeoutsAfter;
    this.#errorShare.replace(known ? errorsBefore / before : null, errorsAfter / after);
    this.#timeoutShare.replace(known ? timeoutsBefore / before : null, timeoutsAfter / after);
    if (errorsBefore === 0 && errorsAfter > 0) this.#usersWithErrors++;
    if (timeoutsBefore === 0 && timeoutsAfter > 0) this.#usersWithTimeouts++;
  }

  /**
   * Judges every pending list shown before `to` (the judged period's end), then enters
   * every user whose window after their first list ends by `to`: all its lists are judged.
   */
  judgeUntil(to: number): void {
    this.#buffers.pending.judgeUntil(to, this.#judge);
    while (this.#entered < this.#first.length && this.#first[this.#entered] + this.#windowMs <= to) {
      const slot = this.#entered++;
      const shown = this.#shown[slot];
      this.#conversion.replace(null, this.#conversions[slot] / shown);
      this.#watchMinutes.replace(null, Math.min(WATCH_MINUTES_CAP, this.#minutes[slot] / shown));
    }
  }

  readonly #judge = (user: number, converted: boolean, watchMinutes: number, _rating: number, time: number): void => {
    const { owner, slot: slots } = this.#buffers;
    if (owner[user] !== this.#id) {
      // Lists are judged oldest first, so this is the user's first list and users enter in order.
      owner[user] = this.#id;
      slots[user] = this.#first.length;
      this.#first.push(time);
      this.#shown.push(0);
      this.#conversions.push(0);
      this.#minutes.push(0);
    }
    const slot = slots[user];
    if (time >= this.#first[slot] + this.#windowMs) return; // after the user's window: not part of their value
    this.#shown[slot]++;
    if (converted) this.#conversions[slot]++;
    this.#minutes[slot] += watchMinutes;
  };

  /** The judge's summary of this arm now. */
  stats(): ArmStats {
    const p95 = this.latencies.percentileCont(0.95);
    const p99 = this.latencies.percentileCont(0.99);
    const histogram: LatencyHistogram = [];
    for (let bin = this.#lowestBin; bin <= this.#highestBin; bin++) if (this.#bins[bin] > 0) histogram.push([bin, this.#bins[bin]]);
    const failures = (moments: UserMoments, failing: number): UserFailures => ({ ...moments, failing });
    const users = this.#userRequests.length;
    return {
      requests: this.requests,
      errors: this.errors,
      timeouts: this.timeouts,
      fallbacks: 0,
      // Every user telemetry saw in this arm (no user is in both arms of one window here).
      telemetryUsers: this.#userRequests.length,
      // The bench's router never falls back: every user's fallback share is 0.
      userFailures: {
        errors: failures(this.#errorShare.moments(), this.#usersWithErrors),
        timeouts: failures(this.#timeoutShare.moments(), this.#usersWithTimeouts),
        fallbacks: { users, mean: 0, variance: 0, failing: 0 },
      },
      latencyMs: p95 === null || p99 === null ? null : { p95, p99 },
      latencyHistogram: histogram,
      conversion: this.#conversion.moments(),
      watch_minutes: this.#watchMinutes.moments(),
    };
  }
}
