/**
 * The drill's targets, and which ones a run missed: no failed request unless a router
 * was killed, and then at most one per connection that was open to it (or opened while
 * it died); every part back
 * within its target (10 s, 30 s with the embedded database); no event lost or
 * duplicated. Pure.
 */
import type { RequestTally } from "./tally-requests.ts";

/** One fault as the report prints it (the contract's field names). */
export type FaultReport = RequestTally & {
  readonly fault: string;
  /** Seconds from the fault until every part served again; null when one did not within the drill's wait. */
  readonly recovered_s: number | null;
};

/** What the judge needs besides the report: the fault's own limits. */
export type FaultLimits = {
  /**
   * Connections of the load generator open to the killed router at the kill, or opened
   * while it died; null when no router was killed.
   */
  readonly connectionsToKilledRouter: number | null;
  readonly recoveryTargetS: number;
  /** Why the fault could not be run or measured, if so. */
  readonly problem?: string;
};

/** The misses of a run, one sentence each; none means every target was met. */
export function judgeDrill(
  faults: readonly { readonly report: FaultReport; readonly limits: FaultLimits }[],
  events: { readonly lost_events: number; readonly duplicated_events: number },
): string[] {
  const misses: string[] = [];
  for (const { report, limits } of faults) {
    const name = report.fault;
    if (limits.problem) misses.push(`${name}: ${limits.problem}`);
    if (report.requests === 0) misses.push(`${name}: the load generator sent no request during the fault, so nothing was measured`);
    const allowed = limits.connectionsToKilledRouter ?? 0;
    if (report.failed > allowed) {
      misses.push(
        limits.connectionsToKilledRouter === null
          ? `${name}: ${report.failed} of ${report.requests} requests failed; no router was killed, so none may`
          : `${name}: ${report.failed} of ${report.requests} requests failed, more than the ${allowed} connections open to the killed router`,
      );
    }
    if (report.recovered_s === null) misses.push(`${name}: did not serve again within the drill's wait`);
    else if (report.recovered_s > limits.recoveryTargetS) {
      misses.push(`${name}: served again after ${report.recovered_s} s, over the ${limits.recoveryTargetS} s target`);
    }
  }
  if (events.lost_events > 0) misses.push(`${events.lost_events} events lost between Kafka and the event store`);
  if (events.duplicated_events > 0) misses.push(`${events.duplicated_events} events applied twice`);
  return misses;
}
