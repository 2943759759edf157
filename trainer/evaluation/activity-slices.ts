/**
 * Buckets users by how many training interactions they have, so metrics can
 * be read per activity level (cold users usually fare worst).
 */
import type { Interactions } from "../datasets/interactions.ts";
import { userCounts } from "./popularity-percentiles.ts";

/** Default bucket lower bounds: 1–19, 20–49, 50–199, 200+ interactions. */
export const DEFAULT_ACTIVITY_EDGES = [20, 50, 200] as const;

/** Slice name per user, e.g. "0", "1-19", "20-49", "50-199", "200+". */
export function activitySlices(train: Interactions, nUsers: number, edges: readonly number[] = DEFAULT_ACTIVITY_EDGES): string[] {
  const counts = userCounts(train, nUsers);
  const bounds = [1, ...edges];
  const names = bounds.map((low, b) => (b + 1 < bounds.length ? `${low}-${bounds[b + 1] - 1}` : `${low}+`));
  return Array.from(counts, (c) => {
    if (c === 0) return "0";
    let b = 0;
    while (b + 1 < bounds.length && c >= bounds[b + 1]) b++;
    return names[b];
  });
}
