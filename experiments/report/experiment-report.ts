/** The report object: what every renderer shows and what `--format json` prints. */
import type { SrmCheck } from "../../shared/stats/srm-check.ts";
import type { AssessedComparison, Conclusion, Verdict } from "./decide-conclusion.ts";
import type { ReportExperiment } from "./experiment-report-input.ts";
import type { MetricKey } from "./metric-definitions.ts";
import type { TimelinePoint } from "./primary-timeline.ts";
import type { VariantSummary } from "./summarize-variant.ts";

/** Bumped when a field's meaning changes, so stored reports stay readable. */
export const REPORT_VERSION = 1;

/** The headline numbers for the primary metric, in the snake_case the demo command prints. */
export type PrimarySummary = {
  readonly metric: MetricKey;
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

/** How far the headline comparison is from a conclusive answer. */
export type ExperimentOutlook = {
  /** Users in the primary's always-valid sequence now (closed observation windows). */
  readonly usersInSequence: number;
  /** Users in all the decision rule needs; null when no size reaches it. */
  readonly usersNeeded: number | null;
  readonly moreUsers: number | null;
  /** At the enrolment rate so far, plus one observation window for the last users' values. */
  readonly moreDays: number | null;
};

/** A whole experiment report. */
export type ExperimentReport = {
  readonly version: typeof REPORT_VERSION;
  readonly experiment: ReportExperiment;
  /** How the numbers were computed, in words, so a reader of the JSON alone can tell. */
  readonly method: Readonly<
    Record<
      "test" | "multiplicity" | "confidenceSequence" | "cuped" | "srm" | "power" | "guardrails" | "equivalence",
      string
    >
  >;
  readonly srm: SrmCheck & { readonly variants: readonly string[] };
  readonly variants: readonly VariantSummary[];
  readonly comparisons: readonly AssessedComparison[];
  readonly timeline: readonly TimelinePoint[];
  readonly conclusion: Conclusion;
  readonly outlook: ExperimentOutlook;
  readonly primary: PrimarySummary;
};
