/**
 * The interleaved quality test of a canary step: among the interleaved canary users whose
 * preference is final, is the share preferring the candidate's ranking (team B) below one
 * half, or no lower than one half minus the policy's margin? The always-valid
 * beta-binomial sequence of shared/stats/preference-sequence.ts decides both sides, as the
 * conversion comparison does (judge-quality.ts): "stable preferred" (the sequence at the
 * preference test's part of the release's false-rollback budget lies below one half)
 * rolls the release back; "candidate no worse" (the sequence at the quality policy's pass
 * level lies above ½ − margin) is quality evidence for a pass, so a candidate users like
 * as much as stable can ship. Ties and users with no credit carry no preference and are
 * reported beside the test, never dropped silently.
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
  /** The fail side's level: the preference test's part of the false-rollback budget. */
  readonly alpha: number;
  /** The pass side: the interval's lower end at `passAlpha`, against one half minus `margin`. */
  readonly passLower: number;
  readonly passAlpha: number;
  readonly margin: number;
  readonly verdict: "stable preferred" | "candidate no worse" | "inconclusive";
};

/** The test's evidence and its one reason (check `preference`). */
export type PreferenceFindings = { readonly evidence: PreferenceEvidence; readonly reason: CanaryReason };

/**
 * Judges the final interleaved users' `counts` (A: stable, B: candidate): fail at level
 * `failAlpha`, pass at level `passAlpha` once the share is shown above ½ − margin.
 */
export function judgePreference(policy: InterleavePolicy, counts: FinalPreferences, failAlpha: number, passAlpha: number): PreferenceFindings {
  const fail = preferenceSequence(counts, failAlpha, preferenceMixtureShape(failAlpha, policy.plannedUsers));
  const pass = preferenceSequence(counts, passAlpha, preferenceMixtureShape(passAlpha, policy.plannedUsers));
  const floor = 0.5 - policy.margin;
  const verdict = fail.verdict === "A preferred" ? "stable preferred" : pass.lower > floor ? "candidate no worse" : "inconclusive";
  const evidence: PreferenceEvidence = {
    mode: policy.mode,
    preferStable: counts.preferA,
    preferCandidate: counts.preferB,
    ties: counts.ties,
    noCredit: counts.noCredit,
    share: Number.isNaN(fail.share) ? null : fail.share,
    lower: fail.lower,
    upper: fail.upper,
    pValue: fail.pValue,
    alpha: failAlpha,
    passLower: pass.lower,
    passAlpha,
    margin: policy.margin,
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
    : verdict === "candidate no worse"
    ? {
      check: "preference",
      outcome: "pass",
      detail: `${figures}: no preference for stable beyond the ${pct(policy.margin)} margin (lower bound ${pct(pass.lower)} > ${pct(floor)})`,
    }
    : { check: "preference", outcome: "keep_watching", detail: `${figures}: not yet shown either way` };
  return { evidence, reason };
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
