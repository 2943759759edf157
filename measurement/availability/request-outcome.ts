/**
 * Whether a group of requests was available to the client, and when it was not,
 * the likely cause as far as the row tells it. The one availability rule (its SQL
 * twin is availability-sql.ts): available = status 200 in time (before the site's
 * timeout); degraded = available from the fallback list; anything else unavailable.
 */
import { z } from "zod";
import type { RequestGroup } from "./request-group.ts";

export const FailureCause = z.enum(["no worker answered", "router unreachable", "slow answers", "error answers", "unknown"]);
export type FailureCause = z.infer<typeof FailureCause>;

export type RequestOutcome =
  | { readonly available: true; readonly degraded: boolean }
  | { readonly available: false; readonly cause: FailureCause };

/** The outcome of every request in `group`: a fallback answer in time is available but degraded. */
export function requestOutcome(group: RequestGroup): RequestOutcome {
  if (group.status === 200 && group.inTime) return { available: true, degraded: group.fallback };
  return { available: false, cause: failureCause(group) };
}

function failureCause(group: RequestGroup): FailureCause {
  // The fallback reason is checked first: a router that waited for workers in vain answers late.
  if (group.fallback && group.fallbackReason === "no_worker_answer") return "no worker answered";
  if (group.status === 0) {
    if (group.error !== null && /connection refused/i.test(group.error)) return "router unreachable";
    if (group.error !== null && /timeout|timed out/i.test(group.error)) return "slow answers";
    return "unknown";
  }
  if (group.status === 200) return "slow answers";
  return "error answers";
}
