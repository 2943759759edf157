/**
 * The rules edits of a release, as pure functions of the stored rules document. The
 * canary is one pool and one route placed first: users whose salted bucket lies below
 * the step's share go to the canary. The salt is fixed for the release, so growing the
 * share only adds users and everyone already in the canary stays there. With the
 * interleaved quality test, a second route placed before it takes the first part of that
 * range and merges stable's lists (team A) with the canary's (team B); its answers count
 * as the canary's, so its users are canary users for the sample-ratio check, and since
 * its range is a fixed fraction of the canary's, growing the step keeps them interleaved.
 */
import { RuleSet } from "../../shared/rules/index.ts";

/** Names the release uses in the rules; a route or pool of another owner is never touched. */
export const CANARY_POOL = "canary";
export const CANARY_ROUTE = "release-canary";
export const CANARY_INTERLEAVED_ROUTE = "release-canary-interleaved";

/** Where a release's canary stands in the rules. */
export type CanaryRouting = {
  readonly url: string;
  readonly modelVersion: string;
  /** Share of users sent to the canary, 0–100. */
  readonly percent: number;
  /** Bucket salt, e.g. `release-7`: the same for every step of one release. */
  readonly salt: string;
  /** Fraction (0, 1) of the canary's users who get stable's and the canary's lists interleaved (the policy's `interleave.share`); absent: none. */
  readonly interleaveShare?: number;
};

/** The salt of a release's canary buckets. */
export function canarySalt(releaseId: number): string {
  return `release-${releaseId}`;
}

/**
 * `rules` with the canary pool and routes set to `canary` (added, or changed in place):
 * the interleaved route first when `canary.interleaveShare` is given, then the canary's.
 */
export function withCanary(rules: RuleSet, canary: CanaryRouting): RuleSet {
  const to = Math.min(1, canary.percent / 100);
  const route = { name: CANARY_ROUTE, match: { bucket: { salt: canary.salt, from: 0, to } }, pool: CANARY_POOL };
  // Same salt, from 0: the interleaved users are the canary's lowest buckets, inside its range at every step.
  const interleaved = canary.interleaveShare === undefined ? [] : [{
    name: CANARY_INTERLEAVED_ROUTE,
    match: { bucket: { salt: canary.salt, from: 0, to: to * canary.interleaveShare } },
    pool: CANARY_POOL,
    interleave: { a: rules.defaultPool, b: CANARY_POOL },
  }];
  return RuleSet.parse({
    ...rules,
    pools: { ...rules.pools, [CANARY_POOL]: { urls: [canary.url], modelVersion: canary.modelVersion } },
    // First, so the canary share is taken before any other route sees the request.
    routes: [...interleaved, route, ...rules.routes.filter((r) => !isCanaryRoute(r.name))],
  });
}

/**
 * `rules` without the canary routes and pool: every canary user is back on whatever the
 * other rules give them. The pool stays if an experiment still names it, since removing
 * it would make the document invalid; the route alone decides canary traffic.
 */
export function withoutCanary(rules: RuleSet): RuleSet {
  const routes = rules.routes.filter((r) => !isCanaryRoute(r.name));
  const stillNamed = routes.some((r) => r.pool === CANARY_POOL) ||
    rules.experiments.some((e) => e.variants.some((v) => v.pool === CANARY_POOL));
  const pools = { ...rules.pools };
  if (!stillNamed) delete pools[CANARY_POOL];
  return RuleSet.parse({ ...rules, routes, pools });
}

/** `rules` with the default (stable) pool labelled with the promoted model version. */
export function withStableVersion(rules: RuleSet, modelVersion: string): RuleSet {
  const stable = rules.pools[rules.defaultPool];
  if (!stable) return rules;
  return RuleSet.parse({ ...rules, pools: { ...rules.pools, [rules.defaultPool]: { ...stable, modelVersion } } });
}

/** Whether a route is one of the release's own (the canary's, or its interleaved part). */
function isCanaryRoute(name: string): boolean {
  return name === CANARY_ROUTE || name === CANARY_INTERLEAVED_ROUTE;
}

/** The canary's share in `rules` (0 when no canary route is present). */
export function canaryPercent(rules: RuleSet): number {
  const route = rules.routes.find((r) => r.name === CANARY_ROUTE);
  return route?.match.bucket ? (route.match.bucket.to - route.match.bucket.from) * 100 : 0;
}
