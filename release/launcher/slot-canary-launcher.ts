/**
 * The compose topology's canary: a standing worker service (the canary slot) that
 * normally idles on the production model. Starting a canary swaps it to the
 * candidate through its admin API; stopping swaps it back, so the slot is ready for
 * the next release and never serves a rolled-back model.
 */
import type { CanaryFaults, CanaryLauncher } from "./canary-launcher.ts";
import { swapWorkerModel, waitForWorkerVersion, workerReadiness } from "./worker-admin.ts";

export type SlotCanaryOptions = {
  readonly url: string;
  readonly adminToken: string;
  readonly readyTimeoutMs: number;
  /** The version the slot returns to when the canary ends (production's, read at that moment). */
  readonly restingVersion: () => Promise<string | null>;
};

/** A launcher that reuses the standing worker at `options.url`. */
export function slotCanaryLauncher(options: SlotCanaryOptions): CanaryLauncher {
  return {
    async start(modelVersion: string, faults: CanaryFaults = {}) {
      if ((faults.errorRate ?? 0) > 0) throw new Error("the canary slot cannot inject faults; fault drills need the process launcher");
      // Called at every check: a slot already serving the candidate is not reloaded.
      const readiness = await workerReadiness(options.url);
      if (readiness.ready && readiness.version === modelVersion) return options.url;
      const swapped = await swapWorkerModel(options.url, modelVersion, options.adminToken);
      if (!swapped.ok) throw new Error(swapped.reason);
      await waitForWorkerVersion(options.url, modelVersion, options.readyTimeoutMs);
      return options.url;
    },
    async stop() {
      const resting = await options.restingVersion();
      if (resting === null) return;
      const swapped = await swapWorkerModel(options.url, resting, options.adminToken);
      if (!swapped.ok) throw new Error(swapped.reason);
    },
  };
}
