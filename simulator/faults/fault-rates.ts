/** How often each fault fires when it is switched on. */
export type FaultRates = {
  /** Per line: an extra malformed line (bad rating, user, time, movie id, minute, status, latency, control character, empty). */
  readonly malformed: number;
  /** Per line: the line is cut short inside its request. */
  readonly truncated: number;
  /** Per line: the line is written twice. */
  readonly duplicates: number;
  /** Per line: the last `replayLength` lines are written again. */
  readonly replays: number;
  readonly replayLength: number;
  /** Per line: the line is held back and written 20–200 lines later. */
  readonly outOfOrder: number;
  /** Per line: the line is written in a drifted schema (an extra field or a renamed kind). */
  readonly schemaDrift: number;
  /**
   * Per line: an extra hostile line before it (numbers overflowing their columns, far-future
   * and far-past times, NUL and other control characters, lines at and over the length cap,
   * too many or repeated items; see hostile-lines.ts).
   */
  readonly hostile: number;
  /** Per request: a new account rates the shilling target 5 stars. */
  readonly shilling: number;
  /** Per request: an invalid request (`/recommend/abc`, `/recommend/-1`, a 10 kB id) is sent instead. */
  readonly invalidRequests: number;
  /** Users whose id is a multiple of this form the feedback-loop cohort. */
  readonly feedbackLoopEvery: number;
  /** Every `burstEveryMs` of simulated time, requests come `burstFactor` times faster for `burstLengthMs`. */
  readonly burstEveryMs: number;
  readonly burstLengthMs: number;
  readonly burstFactor: number;
};

/** Rates low enough to keep the stream mostly clean, high enough to show in a few thousand lines. */
export const DEFAULT_FAULT_RATES: FaultRates = {
  malformed: 0.01,
  truncated: 0.01,
  duplicates: 0.01,
  replays: 0.001,
  replayLength: 30,
  outOfOrder: 0.01,
  schemaDrift: 0.005,
  hostile: 0.002,
  shilling: 0.05,
  invalidRequests: 0.05,
  feedbackLoopEvery: 10,
  burstEveryMs: 600_000,
  burstLengthMs: 60_000,
  burstFactor: 10,
};
