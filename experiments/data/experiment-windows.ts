/**
 * The time windows one experiment report reads, on both clocks. Exposure is read on the
 * wall clock (telemetry); behaviour on the stream's clock, which runs ahead of the wall
 * clock in a sped-up simulation. A recommendation is judged only when its whole
 * conversion window has been seen, so the judged period ends one window before the
 * stream's end. The CUPED pre-period spans one observation window (the fixed time after
 * first exposure each user's values cover) just before the start, conversion windows
 * included, so no pre-period watch falls inside the experiment and the covariates never
 * change between looks. Without an observation window it spans the time judged so far.
 */

import { judgedPeriod } from "../../measurement/judged-period.ts";

/** A recommendation period [from, to) whose watches count until `to + conversionWindowMs`. */
export type StreamPeriod = { readonly from: number; readonly to: number };

/** Every window of one report, epoch milliseconds. */
export type ExperimentWindows = {
  /** Telemetry window [from, to) on the wall clock. */
  readonly exposure: { readonly from: number; readonly to: number };
  /** Recommendations judged for the experiment's outcomes (empty when `to <= from`). */
  readonly behaviour: StreamPeriod;
  /** Recommendations judged for the pre-exposure covariates, equally long. */
  readonly pre: StreamPeriod;
  readonly conversionWindowMs: number;
  /**
   * The observation window on the wall clock (telemetry): the stream-time window scaled by
   * how much wall-clock time each unit of stream time has taken so far, so a sped-up
   * simulation closes users' telemetry windows as fast as their behaviour windows. Equal to
   * the observation window when the clocks run together; absent without one.
   */
  readonly observationWallMs?: number;
};

/** What the windows are computed from: the design's times and the clocks now. */
export type WindowInputs = {
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly streamStartedAt: number;
  readonly streamStoppedAt: number | null;
  readonly conversionWindowMs: number;
  /** Each user's fixed observation window; absent, the pre-period grows with the experiment. */
  readonly observationWindowMs?: number;
  /** Wall clock now. */
  readonly now: number;
  /** The stream's clock (ingested watermark); null before anything was ingested. */
  readonly streamClock: number | null;
};

/** The windows of `inputs`; a stream end not yet ingested is capped at the stream's clock. */
export function experimentWindows(inputs: WindowInputs): ExperimentWindows {
  const { streamStartedAt: start, conversionWindowMs: window } = inputs;
  // Watches after the ingested watermark are not in the store yet: judging past it would undercount.
  const ends = [inputs.streamStoppedAt, inputs.streamClock].filter((t): t is number => t !== null);
  const judgedEnd = judgedPeriod({ from: start, streamEnd: ends.length === 0 ? null : Math.min(...ends), windowMs: window }).to;
  const length = inputs.observationWindowMs ?? judgedEnd - start;
  const exposure = { from: inputs.startedAt, to: inputs.stoppedAt ?? inputs.now };
  const streamElapsed = ends.length === 0 ? 0 : Math.min(...ends) - start;
  const wallElapsed = exposure.to - exposure.from;
  // Wall time per unit of stream time so far; 1 until both clocks have moved.
  const pace = streamElapsed > 0 && wallElapsed > 0 ? wallElapsed / streamElapsed : 1;
  return {
    exposure,
    behaviour: { from: start, to: judgedEnd },
    pre: { from: start - window - length, to: start - window },
    conversionWindowMs: window,
    ...(inputs.observationWindowMs !== undefined && { observationWallMs: Math.round(inputs.observationWindowMs * pace) }),
  };
}
