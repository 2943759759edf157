/**
 * The plain-language verdict of a report, by fixed rules in this order:
 * 1. SRM p < 0.001 → "check assignment: SRM": with broken assignment no estimate can be trusted.
 * 2. A treatment significantly worse (Holm-adjusted p < alpha) on a guardrail or on the
 *    primary metric → "stop: guardrail harmed". Harm needs no always-valid confirmation:
 *    stopping on a false alarm costs less than shipping harm.
 * 3. A treatment significantly better on the primary metric after Holm whose confidence
 *    sequence also excludes zero on the good side → "ship" (the largest lift if several).
 *    The sequence makes the verdict survive peeking at the report every day.
 * 4. Otherwise → "no detectable difference".
 */
import type { SrmCheck } from "../../shared/stats/srm-check.ts";
import type { MetricComparison } from "./compare-metric.ts";
import { formatPClause } from "./format-values.ts";
import type { MetricKey } from "./metric-definitions.ts";

/** The four verdicts a report can reach. */
export type Verdict =
  | "ship"
  | "no detectable difference"
  | "stop: guardrail harmed"
  | "check assignment: SRM";

/** A comparison with its role in the experiment and its multiplicity-adjusted reading. */
export type AssessedComparison = MetricComparison & {
  readonly role: "primary" | "guardrail" | "secondary";
  readonly holmPValue: number | null;
  /** Significant after Holm, in the metric's good or bad direction; "none" otherwise. */
  readonly effect: "better" | "worse" | "none";
  /** The confidence sequence excludes zero on the good side. */
  readonly sequenceBetter: boolean;
};

/** The verdict, why, and which treatment it is about (null when about none in particular). */
export type Conclusion = {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly treatment: string | null;
};

/** Applies the rules above. */
export function decideConclusion(
  srm: SrmCheck,
  comparisons: readonly AssessedComparison[],
  primary: MetricKey,
  alpha: number,
): Conclusion {
  if (srm.mismatch) {
    const p = formatPClause(srm.pValue);
    return {
      verdict: "check assignment: SRM",
      reason: `users per variant ${srm.observed.join("/")} differ from the configured weights ` +
        `(chi-square p ${p}, threshold 0.001); fix assignment or logging before reading any result`,
      treatment: null,
    };
  }
  const harmed = comparisons.find((c) => c.effect === "worse" && c.role !== "secondary");
  if (harmed) {
    const p = formatPClause(harmed.holmPValue);
    return {
      verdict: "stop: guardrail harmed",
      reason:
        `${harmed.treatment} is significantly worse on ${harmed.metric} (Holm-adjusted p ${p}, alpha ${alpha})`,
      treatment: harmed.treatment,
    };
  }
  const winners = comparisons
    .filter((c) => c.metric === primary && c.effect === "better" && c.sequenceBetter)
    .sort((a, b) => Math.abs(b.lift ?? b.difference) - Math.abs(a.lift ?? a.difference));
  if (winners.length > 0) {
    const w = winners[0];
    const p = formatPClause(w.holmPValue);
    return {
      verdict: "ship",
      reason:
        `${w.treatment} improves ${primary} (Holm-adjusted p ${p}; the always-valid interval excludes 0) ` +
        "and harms no guardrail",
      treatment: w.treatment,
    };
  }
  const pending = comparisons.find((c) => c.metric === primary && c.effect === "better");
  if (pending) {
    const p = formatPClause(pending.holmPValue);
    return {
      verdict: "no detectable difference",
      reason: `${pending.treatment} looks better on ${primary} at a single look (Holm p ${p}) ` +
        "but the always-valid interval still includes 0; keep collecting",
      treatment: pending.treatment,
    };
  }
  return {
    verdict: "no detectable difference",
    reason:
      `no treatment differs significantly on ${primary} after Holm, and no guardrail is harmed`,
    treatment: null,
  };
}
