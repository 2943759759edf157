/**
 * Which users a step sends to the canary and which of those get interleaved lists, read
 * from the rules the supervisor writes (release/supervisor/canary-rules.ts withCanary),
 * so the bench places users exactly as the router does: the canary route's bucket range
 * and, when the policy interleaves, the interleaved route's range inside it. A user's
 * bucket (SimulatedUsers.arm) is the release salt's hash, as match-route.ts reads it.
 */
import { RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { CANARY_INTERLEAVED_ROUTE, CANARY_ROUTE, canarySalt, withCanary } from "../../release/supervisor/canary-rules.ts";

/** A step's routes as bucket bounds: canary users are below `canaryTo`, interleaved ones below `interleavedTo` (0: none). */
export type CanaryBuckets = { readonly canaryTo: number; readonly interleavedTo: number };

// The smallest rules document the canary routes can be added to: the stable pool alone.
const STABLE_ONLY = RuleSet.parse({
  formatVersion: RULES_FORMAT_VERSION,
  version: 1,
  pools: { stable: { urls: ["http://stable.invalid"], modelVersion: "stable" } },
  routes: [],
  defaultPool: "stable",
  experiments: [],
});

/** The bucket bounds of a step at `percent` with `interleaveShare` of its canary users interleaved (undefined: no interleaving). */
export function canaryBuckets(percent: number, interleaveShare: number | undefined): CanaryBuckets {
  const rules = withCanary(STABLE_ONLY, {
    url: "http://canary.invalid",
    modelVersion: "candidate",
    percent,
    salt: canarySalt(1),
    ...(interleaveShare === undefined ? {} : { interleaveShare }),
  });
  const upperBound = (name: string): number => {
    const bucket = rules.routes.find((r) => r.name === name)?.match.bucket;
    if (bucket === undefined) return 0;
    // The bench reads a user's bucket as a number below which a route takes them: that needs ranges from 0.
    if (bucket.from !== 0) throw new RangeError(`route ${name} starts at bucket ${bucket.from}, not 0`);
    return bucket.to;
  };
  return { canaryTo: upperBound(CANARY_ROUTE), interleavedTo: upperBound(CANARY_INTERLEAVED_ROUTE) };
}
