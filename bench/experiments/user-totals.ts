/**
 * Per-user running totals of an experiment as its report reader computes them
 * (experiments/data/read-experiment-input.ts): exposures and mean latency from telemetry,
 * behaviour over the judged lists, and the same behaviour over the pre-period for CUPED.
 * Kept in typed arrays indexed by user and cleared per run.
 */
import type { UserRow } from "../../experiments/report/experiment-report-input.ts";

/**
 * Telemetry of each user so far: status-200 answers, first exposure, and the latency of
 * every answer until one observation window after the first exposure (answers after it
 * are not counted, so a user's latency is final once the window has passed).
 */
export class ExposureTotals {
  readonly exposures: Int32Array;
  readonly answers: Int32Array;
  readonly latencySum: Float64Array;
  readonly firstExposureAt: Float64Array;
  readonly variant: Int8Array;

  constructor(users: number, readonly observationWindowMs = Infinity) {
    this.exposures = new Int32Array(users);
    this.answers = new Int32Array(users);
    this.latencySum = new Float64Array(users);
    this.firstExposureAt = new Float64Array(users);
    this.variant = new Int8Array(users);
  }

  clear(): void {
    this.exposures.fill(0);
    this.answers.fill(0);
    this.latencySum.fill(0);
  }

  /** Whether a list shown to `user` at `time` falls in their observation window. */
  inWindow(user: number, time: number): boolean {
    return this.exposures[user] > 0 && time < this.firstExposureAt[user] + this.observationWindowMs;
  }

  /** One answer to `user` in `variant` at `time`. */
  add(user: number, variant: number, time: number, status: number, latencyMs: number): void {
    this.variant[user] = variant;
    if (this.exposures[user] === 0 || time < this.firstExposureAt[user] + this.observationWindowMs) {
      this.answers[user]++;
      this.latencySum[user] += latencyMs;
    }
    if (status !== 200) return;
    // Whole milliseconds, as the reader rounds the first exposure's time.
    if (this.exposures[user] === 0) this.firstExposureAt[user] = Math.round(time);
    this.exposures[user]++;
  }
}

/** Behaviour of each user over judged lists: shown lists, conversions, minutes, ratings. */
export class BehaviourTotals {
  readonly requests: Int32Array;
  readonly conversions: Int32Array;
  readonly watchMinutes: Float64Array;
  readonly ratingSum: Float64Array;
  readonly ratingCount: Int32Array;

  constructor(users: number) {
    this.requests = new Int32Array(users);
    this.conversions = new Int32Array(users);
    this.watchMinutes = new Float64Array(users);
    this.ratingSum = new Float64Array(users);
    this.ratingCount = new Int32Array(users);
  }

  clear(): void {
    this.requests.fill(0);
    this.conversions.fill(0);
    this.watchMinutes.fill(0);
    this.ratingSum.fill(0);
    this.ratingCount.fill(0);
  }

  /** One judged list of `user`. */
  add(user: number, converted: boolean, watchMinutes: number, rating: number): void {
    this.requests[user]++;
    if (converted) this.conversions[user]++;
    this.watchMinutes[user] += watchMinutes;
    if (rating > 0) {
      this.ratingSum[user] += rating;
      this.ratingCount[user]++;
    }
  }
}

/**
 * The report's rows: one per user with a status-200 answer so far, as read-experiment-input.ts
 * builds them. A user's window is closed when every list of it is judged: first exposure +
 * observation window ≤ `judgedUntil`.
 */
export function userRows(
  exposure: ExposureTotals,
  during: BehaviourTotals,
  before: BehaviourTotals,
  variants: readonly string[],
  judgedUntil = Infinity,
): UserRow[] {
  const rows: UserRow[] = [];
  for (let user = 0; user < exposure.exposures.length; user++) {
    if (exposure.exposures[user] === 0) continue;
    const preRequests = before.requests[user];
    rows.push({
      userId: String(user),
      variant: variants[exposure.variant[user]],
      exposures: exposure.exposures[user],
      requests: during.requests[user],
      conversions: during.conversions[user],
      watchMinutes: during.watchMinutes[user],
      ratingSum: during.ratingSum[user],
      ratingCount: during.ratingCount[user],
      latencyMsMean: exposure.latencySum[user] / exposure.answers[user],
      answers: exposure.answers[user],
      // As the reader does: 0 for a user with no pre-period lists, still independent of the variant.
      preConversion: preRequests > 0 ? before.conversions[user] / preRequests : 0,
      preWatchMinutes: before.watchMinutes[user],
      firstExposureAt: exposure.firstExposureAt[user],
      windowClosed: exposure.firstExposureAt[user] + exposure.observationWindowMs <= judgedUntil,
    });
  }
  return rows;
}
