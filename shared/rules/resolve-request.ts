import { assignVariant } from "./assign-variant.ts";
import type { Interleave } from "./interleave.ts";
import { matchRoute, type RuleRequest } from "./match-route.ts";
import { DEFAULT_ROUTE } from "./route.ts";
import type { RuleSet } from "./rule-set.ts";
import type { Flags } from "./variant.ts";

/** A user's variant in one experiment. */
export type Assignment = { experiment: string; variant: string };

/**
 * A pool, interleaving or flag a variant set but did not get, because an earlier
 * experiment had set it; an interleaving is named `a+b`.
 */
export type Conflict = {
  experiment: string;
  variant: string;
  ignored: "pool" | "interleave" | "flag";
  name: string;
};

/** Where the chosen pool came from. */
export type ResolutionSource = "route" | "defaultPool" | "experiment";

/**
 * Everything the router needs to serve one request, and why. With `interleave` (present
 * only then) the answer merges both pools' lists, and `pool` is the one of the two that
 * names the request.
 */
export type Resolution = {
  pool: string;
  interleave?: Interleave;
  route: string;
  source: ResolutionSource;
  assignments: Assignment[];
  flags: Flags;
  conflicts: Conflict[];
};

/**
 * Decides a request's pool, variants and flags. Routes are tried in order and the first
 * match gives the pool (else defaultPool, with route "default"). Then every running
 * experiment, in rules order, may assign a variant. A variant's pool or interleaving
 * overrides the route's (both together, as where the request is served); the first
 * experiment that sets them or a flag wins it, and later different values are reported
 * in `conflicts` rather than applied, so earlier experiments take precedence.
 * Routes and experiments that target by profile see `request.attributes`.
 * Never throws for a validated RuleSet.
 */
export function resolveRequest(rules: RuleSet, request: RuleRequest): Resolution {
  const route = rules.routes.find((r) => matchRoute(r.match, request));
  const resolution: Resolution = {
    pool: route?.pool ?? rules.defaultPool,
    route: route?.name ?? DEFAULT_ROUTE,
    source: route ? "route" : "defaultPool",
    assignments: [],
    flags: {},
    conflicts: [],
  };
  if (route?.interleave) resolution.interleave = route.interleave;
  for (const experiment of rules.experiments) {
    const variant = assignVariant(experiment, request.userId, request.attributes);
    if (!variant) continue;
    const assignment = { experiment: experiment.key, variant: variant.key };
    resolution.assignments.push(assignment);
    const pool = variant.pool ?? variant.interleave?.a;
    if (pool !== undefined) {
      if (resolution.source !== "experiment") {
        resolution.pool = pool;
        resolution.source = "experiment";
        if (variant.interleave) resolution.interleave = variant.interleave;
        else delete resolution.interleave;
      } else if (!sameInterleave(variant.interleave, resolution.interleave)) {
        resolution.conflicts.push(
          variant.interleave
            ? { ...assignment, ignored: "interleave", name: `${variant.interleave.a}+${variant.interleave.b}` }
            : { ...assignment, ignored: "pool", name: pool },
        );
      } else if (pool !== resolution.pool) {
        resolution.conflicts.push({ ...assignment, ignored: "pool", name: pool });
      }
    }
    for (const [name, value] of Object.entries(variant.flags ?? {})) {
      if (!Object.hasOwn(resolution.flags, name)) resolution.flags[name] = value;
      else if (resolution.flags[name] !== value) {
        resolution.conflicts.push({ ...assignment, ignored: "flag", name });
      }
    }
  }
  return resolution;
}

/** Whether two optional interleavings are the same (both absent included). */
function sameInterleave(x: Interleave | undefined, y: Interleave | undefined): boolean {
  return x === undefined || y === undefined ? x === y : x.a === y.a && x.b === y.b;
}
