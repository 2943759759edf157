/**
 * Runs batches of ALS tasks. The training loop only sees this interface, so
 * it stays free of threads: one implementation runs tasks in-process, the
 * other (worker-executor.ts) on worker threads over shared memory.
 */
import type { AlsState } from "./als-state.ts";
import { type AlsTask, type KernelParams, runAlsTask } from "./als-task.ts";
import { allocatePlain, type Allocate } from "./sparse-rows.ts";

export type AlsExecutor = {
  /** How many ranges to split each sweep into. */
  readonly parallelism: number;
  /** Memory the state must live in for this executor. */
  readonly allocate: Allocate;
  /** Binds the executor to a state before the first batch. */
  attach(state: AlsState, params: KernelParams): Promise<void>;
  /** Runs tasks (one per range); resolves when all have finished. */
  run(tasks: readonly AlsTask[]): Promise<void>;
  /** Releases threads, if any. */
  close(): Promise<void>;
};

/** An executor that runs every task in the calling thread, in order. */
export function inlineExecutor(): AlsExecutor {
  let bound: { state: AlsState; params: KernelParams } | undefined;
  return {
    parallelism: 1,
    allocate: allocatePlain,
    attach(state, params) {
      bound = { state, params };
      return Promise.resolve();
    },
    run(tasks) {
      if (!bound) throw new Error("Cannot run ALS tasks: the executor is not attached to a state");
      for (const task of tasks) runAlsTask(bound.state, bound.params, task);
      return Promise.resolve();
    },
    close() {
      return Promise.resolve();
    },
  };
}
