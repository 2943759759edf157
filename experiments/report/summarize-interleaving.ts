/**
 * The preference section of an interleaving experiment's report: the always-valid
 * preference test (shared/stats/preference-sequence.ts) over the interleaving variant's
 * final users, at the experiment's alpha, with a mixture shape fixed by the design (the
 * planned users times the variant's share of the weights), so reading the report as often
 * as one likes keeps its guarantee.
 */
import { preferenceMixtureShape, preferenceSequence } from "../../shared/stats/preference-sequence.ts";
import { preferenceUsersNeeded } from "../../shared/stats/preference-users-needed.ts";
import type { Conclusion, PreferenceSettings } from "./decide-conclusion.ts";
import type { InterleavingInput, ReportExperiment, ReportInterleave } from "./experiment-report-input.ts";
import { type InterleavingSummary, PREFERENCE_METRIC, type PrimarySummary } from "./experiment-report.ts";

/** The users the interleaving variant is planned to reach: the planned users times its share of the weights. */
export function plannedInterleavedUsers(experiment: ReportExperiment, interleave: ReportInterleave): number {
  const total = experiment.variants.reduce((sum, v) => sum + v.weight, 0);
  const weight = experiment.variants.find((v) => v.key === interleave.variant)?.weight ?? 0;
  return experiment.plannedUsers * weight / total;
}

/** The preference section for `interleave`'s `variantUsers` enrolled users and their preferences `input`. */
export function summarizeInterleaving(
  experiment: ReportExperiment,
  interleave: ReportInterleave,
  variantUsers: number,
  input: InterleavingInput,
): InterleavingSummary {
  const { alpha } = experiment;
  const shape = preferenceMixtureShape(alpha, plannedInterleavedUsers(experiment, interleave));
  const counts = { preferA: input.preferA, preferB: input.preferB };
  const sequence = preferenceSequence(counts, alpha, shape);
  const finalUsers = input.preferA + input.preferB + input.ties + input.noCredit;
  // Ties and users without credit enter no test, but the fraction of users with a
  // preference is part of how many users a verdict takes.
  const needed = preferenceUsersNeeded({ ...counts, withoutPreference: input.ties + input.noCredit }, alpha, shape);
  return {
    variant: interleave.variant,
    pools: { a: interleave.a, b: interleave.b },
    users: variantUsers,
    final_users: finalUsers,
    pending_users: input.pendingUsers,
    prefer_a: input.preferA,
    prefer_b: input.preferB,
    ties: input.ties,
    no_credit: input.noCredit,
    not_interleaved_lists: input.notInterleavedLists,
    unmatched_lists: input.unmatchedLists,
    refused_lists: input.refusedLists,
    share_b: Number.isNaN(sequence.share) ? null : sequence.share,
    ci: [sequence.lower, sequence.upper],
    p_value: sequence.pValue,
    alpha,
    shape,
    verdict: sequence.verdict,
    users_needed: needed,
    more_users: needed === null ? null : Math.max(0, needed - finalUsers),
  };
}

/** What decideConclusion reads from the section. */
export function preferenceSettings(summary: InterleavingSummary): PreferenceSettings {
  return {
    variant: summary.variant,
    pools: summary.pools,
    sequence: {
      share: summary.share_b ?? NaN,
      lower: summary.ci[0],
      upper: summary.ci[1],
      pValue: summary.p_value,
      verdict: summary.verdict,
    },
    counts: { preferA: summary.prefer_a, preferB: summary.prefer_b, ties: summary.ties, noCredit: summary.no_credit },
    moreUsers: summary.more_users,
  };
}

/** The headline of an interleaving experiment: the same keys as any other, about the preference test (see PrimarySummary). */
export function preferencePrimary(
  summary: InterleavingSummary,
  conclusion: Conclusion,
  usual: Pick<PrimarySummary, "srm_p" | "users" | "equivalence_margin">,
): PrimarySummary {
  const lift = summary.share_b === null ? null : summary.share_b - 0.5;
  const ci: [number, number] = [summary.ci[0] - 0.5, summary.ci[1] - 0.5];
  return {
    metric: PREFERENCE_METRIC,
    srm_p: usual.srm_p,
    users: usual.users,
    treatment: summary.variant,
    difference: lift ?? NaN,
    lift,
    ci,
    p_value: summary.p_value,
    holm_p_value: summary.p_value,
    conclusion: conclusion.verdict,
    always_valid_lift_ci: ci,
    always_valid_p_value: summary.p_value,
    equivalence_margin: usual.equivalence_margin,
    more_users: summary.more_users,
    more_days: null,
  };
}

/** The method sentence: what the test is, and what interleaving does and does not measure. */
export function interleavingMethod(experiment: ReportExperiment, summary: InterleavingSummary): string {
  const planned = Number(plannedInterleavedUsers(experiment, { variant: summary.variant, ...summary.pools }).toFixed(1));
  return `team-draft interleaving in ${summary.variant}: each list merges ${summary.pools.a} (A) and ${summary.pools.b} (B), ` +
    `a watch start within the conversion window credits the team that placed the movie, and a user prefers the team ` +
    `with more credit over the lists of their observation window, ${experiment.observationWindowMs / 3_600_000} hours (final once that window and the last conversion window ` +
    `have closed; ties and users without credit are counted, never tested). Test: always-valid beta-binomial mixture ` +
    `sequence on the share preferring B (Robbins 1970; Howard et al. 2021), level ${pct(1 - experiment.alpha)}, ` +
    `Beta(${Number(summary.shape.toFixed(3))}, ${Number(summary.shape.toFixed(3))}) mixture fixed by the design, tightest ` +
    `at ${planned} users with a preference (the planned users × the variant's weight share). Interleaving measures which of two ` +
    `rankings users prefer when shown both together, with few users; it does not measure long-term behaviour ` +
    `(retention, watch time, what a whole list from one ranker does): confirm the preferred ranking with an A/B test`;
}

function pct(x: number): string {
  return `${Number((x * 100).toFixed(2))}%`;
}
