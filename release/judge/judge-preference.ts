/**
 * The interleaved quality test of a canary step: among the interleaved canary users whose
 * preference is final, is the share preferring the candidate's ranking (team B) above or
 * below one half? The always-valid beta-binomial sequence of
 * shared/stats/preference-sequence.ts decides at the preference test's part of the
 * release's false-rollback budget (error-budget.ts): stable preferred rolls the release
 * back; candidate preferred is quality evidence for a pass. Ties and users with no credit
 * carry no preference and are reported beside the test, never dropped silently.
 */
import type { FinalPreferences } from "../../measurement/interleaving/preference-tally.ts";
import { preferenceMixtureShape, preferenceSequence } from "../../shared/stats/preference-sequence.ts";
import type { InterleavePolicy } from "../policy/canary-policy.ts";
import type { CanaryReason } from "./canary-verdict.ts";

/** The preference test's figures, kept with every verdict; stable is team A, the candidate team B. */
export type PreferenceEvidence = {
  readonly mode: InterleavePolicy["mode"];
  readonly preferStable: number;
  readonly preferCandidate: number;
  readonly ties: number;
  readonly noCredit: number;
  /** Share of users with a preference who prefer the candidate, with its always-valid interval at `alpha`; share null before anyone has one. */
  readonly share: number | null;
  readonly lower: number;
  readonly upper: number;
  /** Always-valid p-value of "no preference" (1 / the mixture's e-value at one half, capped at 1). */
  readonly pValue: number;
  readonly alpha: number;
  readonly verdict: "candidate preferred" | "stable preferred" | "inconclusive";
};

/** The test's evidence and its one reason (check `preference`). */
export type PreferenceFindings = { readonly evidence: PreferenceEvidence; readonly reason: CanaryReason };

/** Judges the final interleaved users' `counts` (A: stable, B: candidate) at level `alpha`. */
export function judgePreference(policy: InterleavePolicy, counts: FinalPreferences, alpha: number): PreferenceFindings {
  const sequence = preferenceSequence(counts, alpha, preferenceMixtureShape(alpha, policy.plannedUsers));
  const verdict = sequence.verdict === "B preferred" ? "candidate preferred" : sequence.verdict === "A preferred" ? "stable preferred" : "inconclusive";
  const evidence: PreferenceEvidence = {
    mode: policy.mode,
    preferStable: counts.preferA,
    preferCandidate: counts.preferB,
    ties: counts.ties,
    noCredit: counts.noCredit,
    share: Number.isNaN(sequence.share) ? null : sequence.share,
    lower: sequence.lower,
    upper: sequence.upper,
    pValue: sequence.pValue,
    alpha,
    verdict,
  };
  const withPreference = counts.preferA + counts.preferB;
  const figures = evidence.share === null
    ? `no interleaved user with a preference yet (${counts.ties} ties, ${counts.noCredit} without credit)`
    : `${counts.preferB} of ${withPreference} interleaved users with a preference prefer the candidate ` +
      `(${pct(evidence.share)} [${pct(evidence.lower)}, ${pct(evidence.upper)}], p = ${evidence.pValue.toPrecision(2)}; ` +
      `${counts.ties} ties, ${counts.noCredit} without credit)`;
  const reason: CanaryReason = verdict === "stable preferred"
    ? { check: "preference", outcome: "fail", detail: `${figures}: users prefer the stable ranking` }
    : verdict === "candidate preferred"
    ? { check: "preference", outcome: "pass", detail: `${figures}: users prefer the candidate's ranking` }
    : { check: "preference", outcome: "keep_watching", detail: `${figures}: no preference shown yet` };
  return { evidence, reason };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
