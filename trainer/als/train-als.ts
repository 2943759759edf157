/**
 * The ALS training loop: seeded initialisation, then per iteration a user
 * sweep and an item sweep (each preceded by a Gram matrix for the implicit
 * model), a per-iteration report, and finally optional fault injection.
 * Clock-free and deterministic: same data, config and seed give the same
 * bits, for any thread count (every row is computed by the same arithmetic
 * whichever thread owns it, and losses are summed in row order).
 */
import type { Interactions } from "../datasets/interactions.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { AlsConfig } from "./als-config.ts";
import type { AlsExecutor } from "./als-executor.ts";
import { type AlsModel, modelFromState } from "./als-model.ts";
import { type AlsState, createAlsState } from "./als-state.ts";
import type { AlsTask } from "./als-task.ts";
import { createExecutor } from "./create-executor.ts";
import { injectFault } from "./inject-fault.ts";
import type { Side } from "./side-view.ts";
import { splitRanges } from "./split-ranges.ts";

/** What the loop reports after each iteration. */
export type IterationReport = {
  readonly iteration: number;
  readonly iterations: number;
  /** The full objective (data term + regularisation) after the iteration. */
  readonly loss: number;
  /** Training RMSE (explicit) or the confidence-weighted data term per observation (implicit). */
  readonly trainError: number;
};

export type TrainAlsOptions = {
  /** Called after each iteration, e.g. to draw a progress bar. */
  readonly onIteration?: (report: IterationReport) => void;
  /** Defaults to createExecutor(config.threads); pass one to share threads across runs. */
  readonly executor?: AlsExecutor;
};

/** Trains a model on `train` with nUsers × nItems rows (indices may exceed those seen in train). */
export async function trainAls(
  train: Interactions,
  shape: { nUsers: number; nItems: number },
  config: AlsConfig,
  options: TrainAlsOptions = {},
): Promise<AlsModel> {
  const executor = options.executor ?? createExecutor(config.threads);
  try {
    const random = mulberry32(config.seed);
    const state = createAlsState(
      train,
      { ...shape, rank: config.rank, initScale: config.initScale, withMean: config.model === "explicit" },
      random,
      executor.allocate,
    );
    await executor.attach(state, config);
    const tasks = sweepTasks(state, executor.parallelism);
    for (let iteration = 1; iteration <= config.iterations; iteration++) {
      if (config.model === "implicit") await executor.run(tasks.gram("items"));
      await executor.run(tasks.solve.users);
      if (config.model === "implicit") await executor.run(tasks.gram("users"));
      await executor.run(tasks.solve.items);
      options.onIteration?.(report(state, config, iteration, train.length));
    }
    const model = modelFromState(state, config.model, config.clip);
    return injectFault(model, config.inject, mulberry32(config.seed ^ 0x5eed));
  } finally {
    if (!options.executor) await executor.close();
  }
}

function sweepTasks(state: AlsState, parts: number) {
  const solve = (side: Side): AlsTask[] => {
    const { indptr, rows } = side === "users" ? state.byUser : state.byItem;
    return splitRanges(rows, parts, (r) => indptr[r + 1] - indptr[r] + 1).map(([start, end]) => ({
      kind: "solve",
      side,
      start,
      end,
    }));
  };
  const gramRanges = splitRanges(state.rank, parts, (p) => p + 1);
  return {
    solve: { users: solve("users"), items: solve("items") },
    gram: (side: Side): AlsTask[] => gramRanges.map(([start, end]) => ({ kind: "gram", side, start, end })),
  };
}

function report(state: AlsState, config: AlsConfig, iteration: number, observations: number): IterationReport {
  let loss = 0;
  for (let u = 0; u < state.nUsers; u++) loss += state.userLoss[u];
  for (let i = 0; i < state.nItems; i++) loss += state.itemLoss[i];
  let data = 0;
  for (let i = 0; i < state.nItems; i++) data += state.itemDataLoss[i];
  const perObservation = observations > 0 ? data / observations : 0;
  return {
    iteration,
    iterations: config.iterations,
    loss,
    trainError: config.model === "explicit" ? Math.sqrt(perObservation) : perObservation,
  };
}
