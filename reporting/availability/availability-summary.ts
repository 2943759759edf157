/** One source's availability over the whole window. */
import type { RequestGroup } from "../../measurement/availability/request-group.ts";
import { type FailureCause, requestOutcome } from "../../measurement/availability/request-outcome.ts";

export type AvailabilitySummary = {
  readonly requests: number;
  /** Status 200 within the client's timeout, fallback answers included. */
  readonly available: number;
  /** available / requests; null without requests. */
  readonly availability: number | null;
  /** Available answers that came from the router's fallback list (always 0 in the stream, which cannot tell). */
  readonly degraded: number;
  /** Unavailable requests by likely cause. */
  readonly unavailable: Partial<Record<FailureCause, number>>;
};

/** Counts `groups` into one summary. */
export function summarizeAvailability(groups: readonly RequestGroup[]): AvailabilitySummary {
  let requests = 0;
  let available = 0;
  let degraded = 0;
  const unavailable: Partial<Record<FailureCause, number>> = {};
  for (const group of groups) {
    requests += group.count;
    const outcome = requestOutcome(group);
    if (outcome.available) {
      available += group.count;
      if (outcome.degraded) degraded += group.count;
    } else {
      unavailable[outcome.cause] = (unavailable[outcome.cause] ?? 0) + group.count;
    }
  }
  return { requests, available, availability: requests === 0 ? null : available / requests, degraded, unavailable };
}
