/**
 * A unit of ALS work on a row range, as sent to a worker thread, and the
 * function that runs it against the (shared) state. The same function runs
 * in-process for one thread, so both paths execute identical arithmetic.
 */
import type { AlsConfig } from "./als-config.ts";
import type { AlsState } from "./als-state.ts";
import { computeGram } from "./compute-gram.ts";
import type { Side } from "./side-view.ts";
import { solveExplicitRows } from "./solve-explicit-rows.ts";
import { solveImplicitRows } from "./solve-implicit-rows.ts";

/** Solve rows of a side, or compute rows of the Gram matrix of a side's factors. */
export type AlsTask = {
  readonly kind: "solve" | "gram";
  readonly side: Side;
  readonly start: number;
  readonly end: number;
};

/** The hyperparameters the kernels read. */
export type KernelParams = Pick<AlsConfig, "model" | "lambda" | "biasLambda" | "lambdaExponent" | "alpha" | "solver" | "cgSteps">;

/** Runs one task, mutating only the rows of `state` it owns. */
export function runAlsTask(state: AlsState, params: KernelParams, task: AlsTask): void {
  if (task.kind === "gram") {
    const factors = task.side === "users" ? state.userFactors : state.itemFactors;
    computeGram(factors, state.rank, state.gram, task.start, task.end);
  } else if (params.model === "explicit") {
    solveExplicitRows(state, task.side, params, task.start, task.end);
  } else {
    solveImplicitRows(state, task.side, params, task.start, task.end);
  }
}
