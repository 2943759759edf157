/** Chooses how ALS tasks run: in-process for one thread, worker threads otherwise. */
import { type AlsExecutor, inlineExecutor } from "./als-executor.ts";
import { workerExecutor } from "./worker-executor.ts";

/** Returns an in-process executor for 1 thread and a worker-thread executor for more. */
export function createExecutor(threads: number): AlsExecutor {
  return threads <= 1 ? inlineExecutor() : workerExecutor(threads);
}
