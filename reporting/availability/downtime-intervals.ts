/**
 * Downtime: minutes whose availability is below the threshold, merged while they
 * follow one another. A minute without requests has no availability: it neither
 * counts as down nor joins two intervals (an unreachable router leaves no
 * telemetry at all, which is why the stream is read as well).
 */
import { summarizeAvailability } from "./availability-summary.ts";
import type { RequestGroup } from "../../measurement/availability/request-group.ts";
import type { FailureCause } from "../../measurement/availability/request-outcome.ts";

/** Minutes below this availability are down. */
export const DOWNTIME_THRESHOLD = 0.99;
export const MINUTE_MS = 60_000;

export type DowntimeInterval = {
  /** Epoch ms, clipped to the window. */
  readonly from: number;
  readonly to: number;
  readonly requests: number;
  readonly availability: number;
  /** The most common cause of the interval's failures. */
  readonly cause: FailureCause;
  readonly causes: Partial<Record<FailureCause, number>>;
};

const CAUSE_ORDER: readonly FailureCause[] = ["no worker answered", "router unreachable", "slow answers", "error answers", "unknown"];

/** The downtime intervals of `groups` within `[from, to)`, in time order. */
export function downtimeIntervals(
  groups: readonly RequestGroup[],
  window: { readonly from: number; readonly to: number },
  threshold = DOWNTIME_THRESHOLD,
): DowntimeInterval[] {
  const byMinute = new Map<number, RequestGroup[]>();
  for (const g of groups) (byMinute.get(g.minute) ?? byMinute.set(g.minute, []).get(g.minute)!).push(g);
  const downMinutes = [...byMinute.keys()].sort((a, b) => a - b).filter((m) => {
    const availability = summarizeAvailability(byMinute.get(m)!).availability;
    return availability !== null && availability < threshold;
  });
  const runs: number[][] = [];
  for (const minute of downMinutes) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] + MINUTE_MS === minute) run.push(minute);
    else runs.push([minute]);
  }
  return runs.map((run) => {
    const summary = summarizeAvailability(run.flatMap((m) => byMinute.get(m)!));
    // Ties go to the cause listed first, so a known cause beats "unknown".
    const cause = CAUSE_ORDER.reduce((best, c) => ((summary.unavailable[c] ?? 0) > (summary.unavailable[best] ?? 0) ? c : best));
    return {
      from: Math.max(run[0], window.from),
      to: Math.min(run[run.length - 1] + MINUTE_MS, window.to),
      requests: summary.requests,
      availability: summary.availability ?? 0,
      cause,
      causes: summary.unavailable,
    };
  });
}
