/**
 * Where a canary worker comes from. The supervisor only needs a URL serving the
 * candidate, and a way to take it away; how depends on the deployment: local
 * processes in the embedded setup, a standing canary service under compose.
 * Both calls are idempotent, so a restarted supervisor can repeat them safely.
 */

/** Test-only faults a drill may ask the canary worker to show (see WORKER_FAULT_ERROR_RATE). */
export type CanaryFaults = { readonly errorRate?: number };

export type CanaryLauncher = {
  /** A worker serving `modelVersion` and ready for traffic; reuses one that already is. Returns its base URL. */
  start(modelVersion: string, faults?: CanaryFaults): Promise<string>;
  /** The canary worker stops serving the candidate; nothing happens when there is none. */
  stop(): Promise<void>;
};
