/**
 * Worker-thread entry for ALS: receives the shared state once, then runs one
 * task per message on the rows it is given and replies when done. Started by
 * worker-executor.ts; never run directly.
 */
import type { AlsState } from "./als-state.ts";
import { type AlsTask, type KernelParams, runAlsTask } from "./als-task.ts";
import { errorMessage } from "../../infra/log/logger.ts";

export type WorkerRequest =
  | { readonly type: "attach"; readonly state: AlsState; readonly params: KernelParams }
  | { readonly type: "run"; readonly task: AlsTask };

export type WorkerReply = { readonly type: "ready" } | { readonly type: "done" } | { readonly type: "error"; readonly message: string };

declare const self: Worker;

let bound: { state: AlsState; params: KernelParams } | undefined;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  try {
    if (message.type === "attach") {
      bound = { state: message.state, params: message.params };
      reply({ type: "ready" });
    } else {
      if (!bound) throw new Error("ALS worker received a task before its state");
      runAlsTask(bound.state, bound.params, message.task);
      reply({ type: "done" });
    }
  } catch (error) {
    reply({ type: "error", message: errorMessage(error) });
  }
};

function reply(message: WorkerReply): void {
  self.postMessage(message);
}
