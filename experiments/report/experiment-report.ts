/** The report object: what every renderer shows and what `--format json` prints. */
import type { PreferenceVerdict } from "../../shared/stats/preference-sequence.ts";
import type { SrmCheck } from "../../shared/stats/srm-check.ts";
import type { AssessedComparison, Conclusion, Verdict } from "./decide-conclusion.ts";
import type { ReportExperiment } from "./experiment-report-input.ts";
import type { MetricKey } from "./metric-definitions.ts";
import type { TimelinePoint } from "./primary-timeline.ts";
import type { VariantSummary } from "./summarize-variant.ts";

/** Bumped when a field's meaning changes, so stored reports stay readable. */
export const REPORT_VERSION = 1;

/**
 * The headline numbers for the primary metric, in the snake_case the demo command prints.
 *
 * An interleaving experiment keeps the same keys, about the preference test instead:
 * `metric` is "preference"; `difference` and `lift` are the share of users with a
 * preference who prefer pool b, minus ½; `ci` and `always_valid_lift_ci` its always-valid
 * interval [lower − ½, upper − ½]; `p_value` and `always_valid_p_value` the preference
 * test's p-value (one test, so `holm_p_value` is the same); `treatment` the interleaving
 * variant; `users` users per variant as usual; `conclusion` the preference verdict;
 * `more_users` the final users still needed (preferenceUsersNeeded); `more_days` null.
 */
export type PrimarySummary = {
  readonly metric: MetricKey | typeof PREFERENCE_METRIC;
  readonly srm_p: number;
  /** Users per variant key. */
  readonly users: Readonly<Record<string, number>>;
  /** The treatment the headline is about: the one the conclusion names, else the first treatment. */
  readonly treatment: string;
  readonly difference: number;
  readonly lift: number | null;
  /** 1 − alpha Welch interval for the difference (treatment − control). */
  readonly ci: [number, number] | null;
  readonly p_value: number | null;
  readonly holm_p_value: number | null;
  readonly conclusion: Verdict;
  /** The always-valid interval of the lift the verdict reads, and its Holm-adjusted p-value. */
  readonly always_valid_lift_ci: [number, number] | null;
  readonly always_valid_p_value: number | null;
  /** The declared equivalence margin (relative lift), or null. */
  readonly equivalence_margin: number | null;
  /** Users still needed for a conclusive answer, and the days that takes; null when unknown. */
  readonly more_users: number | null;
  readonly more_days: number | null;
};

/**
 * How far the headline comparison is from a conclusive answer; for an interleaving
 * experiment, the preference test's final users and the final users it still needs (no days).
 */
export type ExperimentOutlook = {
  /** Users in the primary's always-valid sequence now (closed observation windows). */
  readonly usersInSequence: number;
  /** Users in all the decision rule needs; null when no size reaches it. */
  readonly usersNeeded: number | null;
  readonly moreUsers: number | null;
  /** At the enrolment rate so far, plus one observation window for the last users' values. */
  readonly moreDays: number | null;
};

/** What `primary.metric` says in an interleaving experiment's report. */
export const PREFERENCE_METRIC = "preference";

/**
 * An interleaving experiment's preference between its two pools, in the snake_case of
 * `primary`: who was judged, what they preferred (ties and users without credit shown,
 * never dropped), what could not be credited, and the always-valid preference test.
 */
export type InterleavingSummary = {
  readonly variant: string;
  readonly pools: { readonly a: string; readonly b: string };
  /** Users enrolled in the interleaving variant. */
  readonly users: number;
  /** Users whose preference is final (window and last conversion window closed); only these are tested. */
  readonly final_users: number;
  /** Users with an interleaved list whose preference is not final yet. */
  readonly pending_users: number;
  readonly prefer_a: number;
  readonly prefer_b: number;
  /** Final users who credited both pools equally (above zero). */
  readonly ties: number;
  /** Final users who started no movie of an interleaved list within its conversion window. */
  readonly no_credit: number;
  readonly not_interleaved_lists: number;
  readonly unmatched_lists: number;
  readonly refused_lists: number;
  /** prefer_b / (prefer_a + prefer_b); null before anyone has a preference. */
  readonly share_b: number | null;
  /** Always-valid interval of share_b at level 1 − alpha. */
  readonly ci: [number, number];
  readonly p_value: number;
  readonly alpha: number;
  /** Beta(shape, shape) mixture of the sequence, fixed by the design. */
  readonly shape: number;
  readonly verdict: PreferenceVerdict;
  /** Final users a conclusive verdict needs if today's share and fraction with a preference persist; null: unknown. */
  readonly users_needed: number | null;
  readonly more_users: number | null;
};

/** A whole experiment report. */
export type ExperimentReport = {
  readonly version: typeof REPORT_VERSION;
  readonly experiment: ReportExperiment;
  /** How the numbers were computed, in words, so a reader of the JSON alone can tell. */
  readonly method:
    & Readonly<
      Record<
        "test" | "multiplicity" | "confidenceSequence" | "cuped" | "srm" | "power" | "guardrails" | "equivalence",
        string
      >
    >
    & { readonly interleaving?: string };
  readonly srm: SrmCheck & { readonly variants: readonly string[] };
  readonly variants: readonly VariantSummary[];
  readonly comparisons: readonly AssessedComparison[];
  readonly timeline: readonly TimelinePoint[];
  readonly conclusion: Conclusion;
  readonly outlook: ExperimentOutlook;
  readonly primary: PrimarySummary;
  /** Present for an interleaving experiment only. */
  readonly interleaving?: InterleavingSummary;
};
