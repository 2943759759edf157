/**
 * The feedback-loop analysis: exposure concentration and long-tail coverage per
 * time bucket, their fitted trends over the period, captive users, and a verdict.
 * Thresholds are explained in reporting/README.md.
 */
import type { AnalysisInput } from "./analysis-input.ts";
import { captiveUsers, type CaptiveUsers } from "./captive-users.ts";
import { catalogue } from "./catalogue.ts";
import { exposureConcentration } from "./exposure-concentration.ts";
import type { Finding } from "./finding.ts";
import { linearTrend } from "./linear-trend.ts";
import { longTailCoverage } from "./long-tail-coverage.ts";
import { timeBuckets } from "./time-buckets.ts";

/** When the verdict flags a loop, and what data it needs first. */
export const FEEDBACK_LOOP_THRESHOLDS = {
  /** Buckets the period is cut into. */
  buckets: 8,
  /**
   * A bucket joins the trend only with this many exposures, and with at least half
   * the median bucket's: sparse counts inflate the Gini (zeros by chance), so a thin
   * bucket at the edge of the period would look like a concentration change.
   */
  minExposuresPerBucket: 200,
  /** Trends need at least this many such buckets. */
  minBuckets: 3,
  /** Fitted rise of the exposure Gini over the period. */
  giniRise: 0.05,
  /** Fitted fall of the tail's share of exposures over the period. */
  tailShareFall: 0.05,
  /** Share of judged users who only ever start the top unseen recommended movie. */
  captiveShare: 0.03,
  /** Captive users needed before their share counts (one or two are chance). */
  minCaptiveUsers: 3,
};
export type FeedbackLoopThresholds = typeof FEEDBACK_LOOP_THRESHOLDS;

/** Per-bucket figures, fitted trends, captive users and the verdict. */
export type FeedbackLoopAnalysis = {
  readonly catalogueSize: number;
  readonly buckets: readonly {
    readonly start: string;
    readonly end: string;
    readonly requests: number;
    readonly exposures: number;
    readonly distinctMovies: number;
    readonly gini: number;
    readonly topShare: number;
    readonly tailExposureShare: number;
    readonly tailCoverage: number;
  }[];
  readonly trend: { readonly usableBuckets: number; readonly giniRise: number; readonly topShareRise: number; readonly tailShareChange: number; readonly tailCoverageChange: number };
  readonly captive: CaptiveUsers;
} & Finding;

const iso = (t: number) => new Date(t).toISOString();
const fixed = (x: number) => x.toFixed(3);

/** Analyses `input` for a feedback loop. */
export function analyseFeedbackLoop(input: AnalysisInput, thresholds: FeedbackLoopThresholds = FEEDBACK_LOOP_THRESHOLDS): FeedbackLoopAnalysis {
  const ids = catalogue(input);
  // Bucket the span lists were shown in: watches and ratings trail the last list.
  const shown = input.recommendations;
  const buckets = shown.length === 0 ? [] : timeBuckets(shown[0].time, shown[shown.length - 1].time + 1, thresholds.buckets);
  const concentration = exposureConcentration(input, buckets, ids);
  const tail = longTailCoverage(input, buckets, ids);
  const rows = concentration.map((c, i) => ({
    start: iso(c.start), end: iso(c.end), requests: c.requests, exposures: c.exposures, distinctMovies: c.distinctMovies,
    gini: c.gini, topShare: c.topShare, tailExposureShare: tail[i].tailExposureShare, tailCoverage: tail[i].tailCoverage,
  }));
  const median = [...rows.map((r) => r.exposures)].sort((a, b) => a - b)[Math.floor(rows.length / 2)] ?? 0;
  const usable = rows.filter((r) => r.exposures >= Math.max(thresholds.minExposuresPerBucket, median / 2));
  const trend = {
    usableBuckets: usable.length,
    giniRise: linearTrend(usable.map((r) => r.gini)),
    topShareRise: linearTrend(usable.map((r) => r.topShare)),
    tailShareChange: linearTrend(usable.map((r) => r.tailExposureShare)),
    tailCoverageChange: linearTrend(usable.map((r) => r.tailCoverage)),
  };
  const captive = captiveUsers(input);
  const reasons: string[] = [];
  const enoughBuckets = usable.length >= thresholds.minBuckets;
  if (enoughBuckets && trend.giniRise >= thresholds.giniRise) {
    reasons.push(`exposure Gini rose by ${fixed(trend.giniRise)} over the period (threshold ${thresholds.giniRise})`);
  }
  if (enoughBuckets && -trend.tailShareChange >= thresholds.tailShareFall) {
    reasons.push(`the long tail's share of exposures fell by ${fixed(-trend.tailShareChange)} (threshold ${thresholds.tailShareFall})`);
  }
  if (captive.captiveUsers >= thresholds.minCaptiveUsers && captive.captiveShare >= thresholds.captiveShare) {
    reasons.push(`${captive.captiveUsers} of ${captive.judgedUsers} users (${fixed(captive.captiveShare)}) only ever start the top unseen recommended movie (threshold ${thresholds.captiveShare})`);
  }
  const calm = enoughBuckets
    ? `exposure Gini changed by ${fixed(trend.giniRise)}, tail share by ${fixed(trend.tailShareChange)}, captive users ${captive.captiveUsers} of ${captive.judgedUsers}: all within thresholds`
    : `only ${usable.length} buckets with at least ${thresholds.minExposuresPerBucket} exposures: no concentration trend judged; captive users ${captive.captiveUsers} of ${captive.judgedUsers}`;
  return {
    catalogueSize: ids.length,
    buckets: rows,
    trend,
    captive,
    flagged: reasons.length > 0,
    reason: reasons.length > 0 ? reasons.join("; ") : calm,
  };
}
