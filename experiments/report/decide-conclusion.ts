/**
 * The plain-language verdict of a report, by fixed rules in this order. Every rule reads
 * the always-valid, CUPED-adjusted sequences (compare-metric.ts), never a single-look
 * p-value, so the verdict stays right however often the report is read:
 * 1. SRM p < 0.001 → "check assignment: SRM": with broken assignment no estimate can be trusted.
 * 2. A treatment worse on the primary metric (Holm over the primary's always-valid p-values
 *    < alpha) or harmed on a guardrail (its always-valid lift interval lies wholly beyond the
 *    guardrail's non-inferiority margin on the bad side) → "stop: guardrail harmed".
 * 3. A treatment better on the primary metric (Holm over always-valid p-values < alpha) and
 *    shown non-inferior on every guardrail → "ship" (the largest lift if several).
 * 4. An equivalence margin m is declared and every treatment's always-valid lift interval on
 *    the primary metric lies inside (−m, m) → "equivalent": no difference larger than m.
 * 5. Otherwise → "no detectable difference" (the reason says what is still missing).
 *
 * An interleaving experiment is decided by its preference test instead of the primary
 * metric: 1. SRM as above; 2. a guardrail harmed (interleaving costs latency: the merged
 * arm waits for two pools) → "stop: guardrail harmed"; 3. the always-valid preference
 * sequence excludes ½ → "B preferred" or "A preferred", naming the pools; 4. otherwise
 * "no detectable difference", with what is missing.
 */
import type { PreferenceSequence, PreferenceVerdict } from "../../shared/stats/preference-sequence.ts";
import type { SrmCheck } from "../../shared/stats/srm-check.ts";
import type { MetricComparison } from "./compare-metric.ts";
import { formatPClause } from "./format-values.ts";
import type { MetricKey } from "./metric-definitions.ts";

/** The verdicts a report can reach; the strings are the JSON's `conclusion` values. */
export type Verdict =
  | "ship"
  | "equivalent"
  | "no detectable difference"
  | "stop: guardrail harmed"
  | "check assignment: SRM"
  | Exclude<PreferenceVerdict, "inconclusive">;

/** A comparison with its role in the experiment and its decision reading. */
export type AssessedComparison = MetricComparison & {
  readonly role: "primary" | "guardrail" | "secondary";
  /** Holm over every single-look p-value of the report: shown, never decides. */
  readonly holmPValue: number | null;
  /**
   * Holm over the always-valid p-values of the comparison's family (primary × treatments at
   * alpha; secondaries likewise); null for guardrails, which are judged by their margin.
   */
  readonly sequenceHolmPValue: number | null;
  /**
   * The decision reading: primary and secondary, significant after Holm on the always-valid
   * p-values in the good or bad direction; guardrail, "worse" when harmed beyond its margin
   * and "better" when the sequence excludes 0 on the good side.
   */
  readonly effect: "better" | "worse" | "none";
  /** The always-valid interval excludes 0 on the good side. */
  readonly sequenceBetter: boolean;
  /** Guardrails: the relative non-inferiority margin; null otherwise. */
  readonly margin: number | null;
  /** Guardrails: the always-valid lift interval is within the margin on the bad side; null otherwise. */
  readonly nonInferior: boolean | null;
};

/** The verdict, why, and which treatment it is about (null when about none in particular). */
export type Conclusion = {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly treatment: string | null;
};

/** What the rules need besides the comparisons. */
export type ConclusionSettings = {
  readonly primary: MetricKey;
  readonly alpha: number;
  readonly treatments: readonly string[];
  readonly equivalenceMargin: number | null;
  /** An interleaving experiment's preference test, which decides instead of the primary metric. */
  readonly preference?: PreferenceSettings;
};

/** The preference test of an interleaving experiment and what it rests on. */
export type PreferenceSettings = {
  readonly variant: string;
  readonly pools: { readonly a: string; readonly b: string };
  readonly sequence: PreferenceSequence;
  /** Final users by preference. */
  readonly counts: { readonly preferA: number; readonly preferB: number; readonly ties: number; readonly noCredit: number };
  /** Final users a conclusive verdict still needs; null when unknown. */
  readonly moreUsers: number | null;
};

/** Applies the rules above. */
export function decideConclusion(
  srm: SrmCheck,
  comparisons: readonly AssessedComparison[],
  settings: ConclusionSettings,
): Conclusion {
  const { primary, alpha, treatments, equivalenceMargin } = settings;
  if (srm.mismatch) {
    const p = formatPClause(srm.pValue);
    return {
      verdict: "check assignment: SRM",
      reason: `users per variant ${srm.observed.join("/")} differ from the configured weights ` +
        `(chi-square p ${p}, threshold 0.001); fix assignment or logging before reading any result`,
      treatment: null,
    };
  }
  const primaries = comparisons.filter((c) => c.role === "primary");
  const guardrails = comparisons.filter((c) => c.role === "guardrail");
  if (settings.preference) return decidePreference(guardrails, settings.preference, alpha);
  const worse = primaries.find((c) => c.effect === "worse");
  if (worse) {
    return {
      verdict: "stop: guardrail harmed",
      reason: `${worse.treatment} is worse on ${primary} (always-valid p, Holm-adjusted, ${
        formatPClause(worse.sequenceHolmPValue)
      }, alpha ${alpha})`,
      treatment: worse.treatment,
    };
  }
  const harmed = guardrailHarmed(guardrails);
  if (harmed) return harmed;
  const unproven = (t: string) => guardrails.filter((c) => c.treatment === t && c.nonInferior !== true);
  const better = primaries
    .filter((c) => c.effect === "better")
    .sort((a, b) => Math.abs(b.sequence!.lift ?? b.sequence!.difference) - Math.abs(a.sequence!.lift ?? a.sequence!.difference));
  const winner = better.find((c) => unproven(c.treatment).length === 0);
  if (winner) {
    return {
      verdict: "ship",
      reason: `${winner.treatment} improves ${primary} (always-valid p, Holm-adjusted, ${
        formatPClause(winner.sequenceHolmPValue)
      }) and is non-inferior on every guardrail`,
      treatment: winner.treatment,
    };
  }
  if (equivalenceMargin !== null) {
    const inside = (c: AssessedComparison) =>
      c.sequence !== null && c.sequence.liftLower !== null && c.sequence.liftUpper !== null &&
      c.sequence.liftLower > -equivalenceMargin && c.sequence.liftUpper < equivalenceMargin;
    const ofTreatments = treatments.map((t) => primaries.find((c) => c.treatment === t));
    if (ofTreatments.length > 0 && ofTreatments.every((c) => c !== undefined && inside(c))) {
      return {
        verdict: "equivalent",
        reason: `no treatment differs from control on ${primary} by more than ±${pct(equivalenceMargin)} ` +
          `(always-valid lift intervals ${ofTreatments.map((c) => `${c!.treatment} ${interval(c!)}`).join(", ")})`,
        treatment: null,
      };
    }
  }
  if (better.length > 0) {
    const w = better[0];
    return {
      verdict: "no detectable difference",
      reason: `${w.treatment} is better on ${primary} but not yet shown non-inferior on ${
        unproven(w.treatment).map((c) => c.metric).join(", ")
      }; keep collecting`,
      treatment: w.treatment,
    };
  }
  const pending = primaries.find((c) => c.holmPValue !== null && c.holmPValue < alpha && c.sequenceBetter === false);
  if (pending) {
    return {
      verdict: "no detectable difference",
      reason: `${pending.treatment} differs on ${primary} at a single look (Holm p ${formatPClause(pending.holmPValue)}) ` +
        "but the always-valid interval still includes 0; keep collecting",
      treatment: pending.treatment,
    };
  }
  return {
    verdict: "no detectable difference",
    reason: `no treatment differs on ${primary} in the always-valid sequences, and no guardrail is harmed` +
      (equivalenceMargin === null ? "" : `; equivalence within ±${pct(equivalenceMargin)} is not shown yet`),
    treatment: null,
  };
}

/** "stop: guardrail harmed" for the first guardrail harmed beyond its margin, or null. */
function guardrailHarmed(guardrails: readonly AssessedComparison[]): Conclusion | null {
  const harmed = guardrails.find((c) => c.effect === "worse");
  if (!harmed) return null;
  return {
    verdict: "stop: guardrail harmed",
    reason: `${harmed.treatment} is worse on ${harmed.metric} by more than its ${pct(harmed.margin!)} margin ` +
      `(always-valid lift interval ${interval(harmed)})`,
    treatment: harmed.treatment,
  };
}

/** Rules 2–4 of an interleaving experiment (SRM was checked by the caller). */
function decidePreference(guardrails: readonly AssessedComparison[], preference: PreferenceSettings, alpha: number): Conclusion {
  const harmed = guardrailHarmed(guardrails);
  if (harmed) return harmed;
  const { sequence, counts, pools, variant } = preference;
  const judged = `${counts.preferA + counts.preferB} users with a preference; ${counts.ties} ties and ` +
    `${counts.noCredit} without credit besides`;
  const share = Number.isNaN(sequence.share) ? "n/a" : pct(sequence.share);
  const stats = `share preferring ${pools.b} ${share}, always-valid interval [${pct(sequence.lower)}, ${pct(sequence.upper)}], ` +
    `p ${formatPClause(sequence.pValue)}, alpha ${alpha}`;
  if (sequence.verdict !== "inconclusive") {
    const [winner, loser] = sequence.verdict === "B preferred" ? [pools.b, pools.a] : [pools.a, pools.b];
    return {
      verdict: sequence.verdict,
      reason: `users shown ${pools.a} (A) and ${pools.b} (B) interleaved in ${variant} prefer ${winner} over ${loser} ` +
        `(${stats}; ${judged}); confirm long-term effects with an A/B test`,
      treatment: variant,
    };
  }
  const missing = counts.preferA + counts.preferB === 0
    ? "no user has a preference yet"
    : preference.moreUsers === null
    ? "the interval still includes 50% and the share so far gives no estimate of how many more users it takes"
    : `the interval still includes 50%; about ${preference.moreUsers} more final users would settle it if the share holds`;
  return {
    verdict: "no detectable difference",
    reason: `no preference between ${pools.a} (A) and ${pools.b} (B) shown yet: ${missing} (${stats}; ${judged})`,
    treatment: null,
  };
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}

function interval(c: AssessedComparison): string {
  const s = c.sequence;
  if (!s || s.liftLower === null || s.liftUpper === null) return "n/a";
  return `[${pct(s.liftLower)}, ${pct(s.liftUpper)}]`;
}
