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
};

/** A whole experiment report. */
export type ExperimentReport = {
  readonly version: typeof REPORT_VERSION;
  readonly experiment: ReportExperiment;
  /** How the numbers were computed, in words, so a reader of the JSON alone can tell. */
  readonly method: Readonly<
    Record<"test" | "multiplicity" | "confidenceSequence" | "cuped" | "srm" | "power", string>
  >;
  readonly srm: SrmCheck & { readonly variants: readonly string[] };
  readonly variants: readonly VariantSummary[];
  readonly comparisons: readonly AssessedComparison[];
  readonly timeline: readonly TimelinePoint[];
  readonly conclusion: Conclusion;
  readonly primary: PrimarySummary;
};
