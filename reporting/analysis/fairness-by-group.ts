/**
 * Recommendation quality and exposure by user group (gender, age band,
 * occupation): each group's users, share of users and of exposures, and
 * conversion of its lists, next to the overall conversion. A group is flagged when
 * its conversion differs from everyone else's by at least the gap threshold and
 * the difference is unlikely to be chance (two-proportion z-test over lists), and
 * the group has enough users to speak for itself.
 */
import { ageBand } from "../../shared/users/age-band.ts";
import type { AnalysisInput } from "./analysis-input.ts";
import type { Finding } from "./finding.ts";
import { convertingStarts } from "../../measurement/conversion/converting-starts.ts";
import { judgedPeriod } from "../../measurement/judged-period.ts";
import { DEFAULT_CONVERSION_WINDOW_MS } from "../../shared/telemetry/conversion-window.ts";
import type { UserAttributes } from "./user-attributes.ts";

/** See reporting/README.md for why these values. */
export const FAIRNESS_THRESHOLDS = {
  /** Absolute difference of conversion rates (0.05 = five points). */
  conversionGap: 0.05,
  /** |z| of the group-against-the-rest difference. */
  minZ: 3,
  /** Users a group needs before it is judged. */
  minGroupUsers: 20,
};
export type FairnessThresholds = typeof FAIRNESS_THRESHOLDS;

/** The user attributes fairness groups by. */
export const FAIRNESS_DIMENSIONS = ["gender", "ageBand", "occupation"] as const;
export type FairnessDimension = (typeof FAIRNESS_DIMENSIONS)[number];

/** One group's figures. */
export type FairnessGroup = {
  readonly dimension: FairnessDimension;
  readonly group: string;
  readonly users: number;
  readonly userShare: number;
  readonly requests: number;
  readonly exposureShare: number;
  readonly conversion: number;
  /** Group conversion minus overall conversion. */
  readonly gap: number;
  readonly z: number;
  readonly flagged: boolean;
};

/** Figures for every group, who could not be grouped, and the verdict. */
export type FairnessAnalysis = {
  readonly users: number;
  /** Users with lists but no attributes (unknown to the user API). */
  readonly usersWithoutAttributes: number;
  readonly requests: number;
  readonly conversion: number;
  readonly groups: readonly FairnessGroup[];
} & Finding & {
  /** The shared conversion window (measurement/conversion), stated because earlier reports used 30 min. */
  readonly conversionWindowMs: number;
  /** Lists before this (epoch ms, the period's end minus one window) are judged; later ones are left out. */
  readonly judgedTo: number;
};

type Tally = { users: Set<number>; requests: number; conversions: number; exposures: number };

const groupOf = (dimension: FairnessDimension, user: UserAttributes) =>
  dimension === "gender" ? user.gender : dimension === "ageBand" ? ageBand(user.age) : user.occupation;

/** Fairness figures of `input` with attributes from `users`. */
export function analyseFairness(
  input: AnalysisInput,
  users: ReadonlyMap<number, UserAttributes>,
  thresholds: FairnessThresholds = FAIRNESS_THRESHOLDS,
  windowMs: number = DEFAULT_CONVERSION_WINDOW_MS,
): FairnessAnalysis {
  // The shared predicate and judged period: lists with movies, at least one window before the period's end.
  const period = judgedPeriod({ from: input.from, streamEnd: input.to, windowMs });
  const judged = input.recommendations.filter((r) => r.items.length > 0 && r.time >= period.from && r.time < period.to);
  const starts = input.watches.map((w) => ({ userId: w.userId, movieId: w.movieId, firstTime: w.time }));
  const converted = convertingStarts(judged, starts, windowMs).map((s) => s.length > 0);
  const tallies = new Map<string, Tally>();
  const all: Tally = { users: new Set(), requests: 0, conversions: 0, exposures: 0 };
  const missing = new Set<number>();
  const count = (t: Tally, userId: number, conv: boolean, exposures: number) => {
    t.users.add(userId);
    t.requests++;
    t.exposures += exposures;
    if (conv) t.conversions++;
  };
  judged.forEach((r, i) => {
    const user = users.get(r.userId);
    if (!user) return void missing.add(r.userId);
    count(all, r.userId, converted[i], r.items.length);
    for (const dimension of FAIRNESS_DIMENSIONS) {
      const key = `${dimension}\u0000${groupOf(dimension, user)}`;
      count(tallies.get(key) ?? tallies.set(key, { users: new Set(), requests: 0, conversions: 0, exposures: 0 }).get(key)!, r.userId, converted[i], r.items.length);
    }
  });
  const overall = all.requests === 0 ? 0 : all.conversions / all.requests;
  const groups: FairnessGroup[] = [...tallies].map(([key, t]) => {
    const [dimension, group] = key.split("\u0000") as [FairnessDimension, string];
    const conversion = t.requests === 0 ? 0 : t.conversions / t.requests;
    const restRequests = all.requests - t.requests;
    const restConversion = restRequests === 0 ? overall : (all.conversions - t.conversions) / restRequests;
    const se = Math.sqrt(overall * (1 - overall) * (1 / t.requests + 1 / Math.max(1, restRequests)));
    const z = restRequests === 0 || se === 0 ? 0 : (conversion - restConversion) / se;
    const gap = conversion - overall;
    return {
      dimension, group, users: t.users.size, userShare: t.users.size / all.users.size, requests: t.requests,
      exposureShare: all.exposures === 0 ? 0 : t.exposures / all.exposures, conversion, gap, z,
      flagged: t.users.size >= thresholds.minGroupUsers && Math.abs(gap) >= thresholds.conversionGap && Math.abs(z) >= thresholds.minZ,
    };
  }).sort((a, b) => FAIRNESS_DIMENSIONS.indexOf(a.dimension) - FAIRNESS_DIMENSIONS.indexOf(b.dimension) || b.users - a.users || (a.group < b.group ? -1 : 1));
  const flagged = groups.filter((g) => g.flagged);
  const describe = (g: FairnessGroup) => `${g.dimension}=${g.group} converts ${(g.conversion * 100).toFixed(1)}% vs ${(overall * 100).toFixed(1)}% overall (z ${g.z.toFixed(1)}, ${g.users} users)`;
  return {
    users: all.users.size, usersWithoutAttributes: missing.size, requests: all.requests, conversion: overall, groups,
    flagged: flagged.length > 0,
    reason: flagged.length > 0
      ? flagged.map(describe).join("; ")
      : `no group of ≥ ${thresholds.minGroupUsers} users differs from the rest by ≥ ${thresholds.conversionGap} in conversion at |z| ≥ ${thresholds.minZ}`,
    conversionWindowMs: windowMs,
    judgedTo: period.to,
  };
}
