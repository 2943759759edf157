/**
 * The time windows one experiment report reads, on both clocks. Exposure is read on the
 * wall clock (telemetry); behaviour on the stream's clock, which runs ahead of the wall
 * clock in a sped-up simulation. A recommendation is judged only when its whole
 * conversion window has been seen, so the judged period ends one window before the
 * stream's end. The CUPED pre-period spans the same stream time just before the start,
 * conversion windows included, so no pre-period watch falls inside the experiment.
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
};

/** What the windows are computed from: the design's times and the clocks now. */
export type WindowInputs = {
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  readonly streamStartedAt: number;
  readonly streamStoppedAt: number | null;
  readonly conversionWindowMs: number;
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
  const length = judgedEnd - start;
  return {
    exposure: { from: inputs.startedAt, to: inputs.stoppedAt ?? inputs.now },
    behaviour: { from: start, to: judgedEnd },
    pre: { from: start - window - length, to: start - window },
    conversionWindowMs: window,
  };
}
