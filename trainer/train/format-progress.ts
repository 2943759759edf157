/**
 * Text for training progress: a one-line bar for a terminal and a JSON log
 * line otherwise. Pure: the shell measures time and decides where it goes.
 */
import type { IterationReport } from "../als/train-als.ts";

export type Progress = {
  readonly fold: number;
  /** Position of this fold in the run (1-based) and the number of folds run. */
  readonly foldIndex: number;
  readonly foldTotal: number;
  readonly report: IterationReport;
  /** Seconds since the run started. */
  readonly elapsed: number;
};

/** Estimated seconds left, assuming every iteration of every fold costs the same. */
export function estimateRemaining(p: Progress): number {
  const perFold = p.report.iterations;
  const done = (p.foldIndex - 1) * perFold + p.report.iteration;
  const total = p.foldTotal * perFold;
  return done > 0 ? (p.elapsed / done) * (total - done) : NaN;
}

/** A terminal progress line (no newline), e.g. `fold 1 (1/5) [#####.....] 8/15 loss 5.61e+4 train 0.713 eta 4s`. */
export function formatProgressBar(p: Progress, width = 20): string {
  const filled = Math.round((p.report.iteration / p.report.iterations) * width);
  const bar = "#".repeat(filled) + ".".repeat(width - filled);
  const eta = estimateRemaining(p);
  return `fold ${p.fold} (${p.foldIndex}/${p.foldTotal}) [${bar}] ${p.report.iteration}/${p.report.iterations}` +
    ` loss ${p.report.loss.toExponential(2)} train ${p.report.trainError.toFixed(3)}` +
    ` eta ${Number.isFinite(eta) ? `${Math.ceil(eta)}s` : "?"}`;
}

/** A structured log line (JSON, no newline) for non-terminal stderr. */
export function formatProgressLog(p: Progress): string {
  return JSON.stringify({
    event: "iteration",
    fold: p.fold,
    iteration: p.report.iteration,
    iterations: p.report.iterations,
    loss: p.report.loss,
    trainError: p.report.trainError,
    elapsedSeconds: Number(p.elapsed.toFixed(3)),
    etaSeconds: Number(estimateRemaining(p).toFixed(1)),
  });
}
