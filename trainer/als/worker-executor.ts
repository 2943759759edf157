/**
 * Runs ALS tasks on worker threads. The state lives in SharedArrayBuffers, so
 * each worker writes its own contiguous rows in place and nothing is copied
 * per sweep; a batch resolves once every worker has replied.
 */
import type { AlsExecutor } from "./als-executor.ts";
import type { AlsTask } from "./als-task.ts";
import type { WorkerReply, WorkerRequest } from "./als-worker.ts";
import { allocateShared } from "./sparse-rows.ts";

/** An executor with `threads` worker threads. */
export function workerExecutor(threads: number): AlsExecutor {
  const workers = Array.from({ length: threads }, () => new Worker(new URL("./als-worker.ts", import.meta.url)));
  const send = (worker: Worker, request: WorkerRequest) =>
    new Promise<void>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => {
        if (event.data.type === "error") reject(new Error(`ALS worker failed: ${event.data.message}`));
        else resolve();
      };
      worker.onerror = (event) => reject(new Error(`ALS worker crashed: ${event.message}`));
      worker.postMessage(request);
    });
  return {
    parallelism: threads,
    allocate: allocateShared,
    async attach(state, params) {
      await Promise.all(workers.map((w) => send(w, { type: "attach", state, params })));
    },
    async run(tasks: readonly AlsTask[]) {
      if (tasks.length > workers.length) {
        throw new Error(`Cannot run ${tasks.length} ALS tasks at once on ${workers.length} worker threads`);
      }
      await Promise.all(tasks.map((task, i) => send(workers[i], { type: "run", task })));
    },
    close() {
      for (const worker of workers) worker.terminate();
      return Promise.resolve();
    },
  };
}
