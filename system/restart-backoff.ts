/**
 * How the supervisor paces restarts: 250 ms after a first crash, then 0.5, 1, 2, 4 s,
 * then every 5 s while the process keeps dying young. A run that lasted
 * `healthyAfterMs` was healthy: its crash starts the sequence over, so a process that
 * fails once a day is always back within 250 ms, and one in a crash loop costs little.
 */
import { backoffDelay } from "../shared/retry/backoff-delay.ts";

export type RestartBackoff = { readonly firstMs: number; readonly maxMs: number; readonly healthyAfterMs: number };

export const RESTART_BACKOFF: RestartBackoff = { firstMs: 250, maxMs: 5000, healthyAfterMs: 10_000 };

/**
 * The wait before restarting a process that ran `uptimeMs` and had crashed young
 * `youngCrashes` times in a row before this run, and that count after this crash.
 */
export function nextRestart(youngCrashes: number, uptimeMs: number, backoff: RestartBackoff = RESTART_BACKOFF): { delayMs: number; youngCrashes: number } {
  const inARow = uptimeMs >= backoff.healthyAfterMs ? 0 : youngCrashes;
  return { delayMs: backoffDelay(inARow, backoff.maxMs, backoff.firstMs), youngCrashes: inARow + 1 };
}
