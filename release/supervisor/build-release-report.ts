/**
 * Turns a finished release (its persisted state and decision history) and the
 * candidate's provenance into the report the email renders. Pure: every figure comes
 * from the evidence recorded with each decision, so a report can be rebuilt later
 * from the database alone.
 */
import type { ArmStats } from "../judge/arm-stats.ts";
import type { CanaryVerdict } from "../judge/canary-verdict.ts";
import type { ArmFigures, ReleaseOutcome, ReleaseReport, ReleaseStep, StepTest } from "../notify/release-report.ts";
import type { CanaryPolicy } from "../policy/canary-policy.ts";
import type { ReleaseDecision, ReleaseState } from "../../shared/release/release-state.ts";

/** Where the candidate came from, read from its manifest in the registry. */
export type ReleaseProvenance = { readonly codeCommit: string; readonly dataSnapshotId: string; readonly buildLink?: string };

/** What a canary check recorded: the verdict, and the arms it was computed from when known. */
type RecordedVerdict = CanaryVerdict & { readonly arms?: { readonly stable: ArmStats; readonly canary: ArmStats; readonly users: { stable: number; canary: number } } };

const OUTCOME_OF_PHASE: Partial<Record<ReleaseState["phase"], ReleaseOutcome>> = { promoted: "promoted", rolled_back: "rolled_back", aborted: "aborted" };

/** The report of a release in a terminal phase; throws for one still running. */
export function buildReleaseReport(state: ReleaseState, policy: CanaryPolicy, provenance: ReleaseProvenance): ReleaseReport {
  const outcome = OUTCOME_OF_PHASE[state.phase];
  if (!outcome) throw new Error(`release ${state.id} is ${state.phase}: only a finished release has a report`);
  const first = state.history[0];
  const last = state.history[state.history.length - 1];
  const steps = reportSteps(state, policy);
  const reached = steps.filter((s) => s.outcome !== "skipped");
  const stage = outcome === "aborted" && reached.length === 0
    ? (state.history.some((d) => d.from === "preflight") ? "preflight" : "before preflight")
    : outcome === "promoted" ? "100%" : `canary ${reached[reached.length - 1]?.percent ?? policy.steps[state.step].percent}%`;
  return {
    releaseId: `release-${state.id}`,
    modelVersion: state.modelVersion,
    previousVersion: state.previousVersion,
    outcome,
    stage,
    reason: state.reason ?? last?.detail ?? "no reason recorded",
    startedAt: iso(first?.at ?? 0),
    finishedAt: iso(last?.at ?? 0),
    codeCommit: provenance.codeCommit,
    dataSnapshotId: provenance.dataSnapshotId,
    ...(provenance.buildLink ? { buildLink: provenance.buildLink } : {}),
    steps,
  };
}

/** One entry per policy step: what happened in it, or skipped when the release never got there. */
function reportSteps(state: ReleaseState, policy: CanaryPolicy): ReleaseStep[] {
  const steps: ReleaseStep[] = policy.steps.map((s) => ({
    percent: s.percent, startedAt: null, endedAt: null, outcome: "skipped", reasons: [], stable: null, canary: null, tests: [],
  }));
  let current: number | null = null;
  for (const decision of state.history) {
    const leaving = current !== null && (decision.to !== "canary" || decision.step !== current);
    if (leaving && current !== null) endStep(steps[current], decision);
    if (decision.to === "canary" && decision.step !== current) {
      current = decision.step;
      steps[current] = { ...steps[current], startedAt: iso(decision.at), outcome: "keep_watching" };
    }
    if (decision.to !== "canary") current = null;
  }
  return steps;
}

function endStep(step: ReleaseStep, decision: ReleaseDecision): void {
  const verdict = asVerdict(decision.evidence);
  step.endedAt = iso(decision.at);
  // Leaving forwards (next step, promotion) is a pass, whether the judge passed it or the policy promoted an inconclusive step.
  step.outcome = decision.to === "canary" || decision.to === "promoting" ? "pass" : "fail";
  step.reasons = verdict ? verdict.reasons.map((r) => `${r.check}: ${r.detail}`) : [decision.detail];
  if (!verdict) return;
  if (verdict.arms) {
    step.stable = armFigures(verdict.arms.stable, verdict.arms.users.stable);
    step.canary = armFigures(verdict.arms.canary, verdict.arms.users.canary);
  }
  step.tests = stepTests(verdict);
}

function stepTests(verdict: CanaryVerdict): StepTest[] {
  const outcomeOf = (check: string) => verdict.reasons.find((r) => r.check === check)?.outcome ?? (verdict.outcome === "fail" ? "pass" : verdict.outcome);
  const tests: StepTest[] = [];
  // The sample-ratio check first: when it fails, no other figure of the step can be trusted.
  const ratio = verdict.evidence.sampleRatio;
  if (ratio) {
    tests.push({
      kind: "sample_ratio", metric: "sample_ratio", outcome: outcomeOf("sample_ratio"), expectedShare: ratio.expectedShare,
      observedShare: ratio.observedShare, canaryUsers: ratio.canaryUsers, stableUsers: ratio.stableUsers, logEvidence: Math.min(ratio.logEvidence, 700),
    });
  }
  for (const [metric, c] of Object.entries(verdict.evidence.counts)) {
    tests.push({ kind: "count", metric, outcome: outcomeOf(metric), canaryRate: c.canaryRate, stableRate: c.stableRate, logBayesFactor: c.logBayesFactor });
  }
  for (const q of ["p95", "p99"] as const) {
    const l = verdict.evidence.latency[q];
    if (l) tests.push({ kind: "latency", metric: q, outcome: outcomeOf(`latency_${q}`), stableMs: l.stable, canaryMs: l.canary, limitMs: l.limit });
  }
  for (const [metric, interval] of Object.entries(verdict.evidence.quality)) {
    if (interval) tests.push({ kind: "lift", metric, outcome: outcomeOf(metric), lift: interval.lift, lower: interval.lower, upper: interval.upper });
  }
  const preference = verdict.evidence.preference;
  if (preference) {
    const { verdict: _, ...figures } = preference;
    tests.push({ kind: "preference", metric: "preference", outcome: outcomeOf("preference"), ...figures });
  }
  return tests;
}

/**
 * An arm's headline figures. `errorRate` is the unavailable share (measurement/availability):
 * requests not answered 200 before the site's timeout, over the requests that named a user.
 * A fallback answer in time is available but degraded (`degradedRate`), not an error. The
 * judge's own guardrail counters (errors, timeouts, fallbacks) are reported as its tests.
 */
function armFigures(arm: ArmStats, users: number): ArmFigures {
  return {
    users,
    requests: arm.requests,
    conversion: arm.conversion.users > 0 ? Math.min(1, Math.max(0, arm.conversion.mean)) : null,
    errorRate: rate(unavailable(arm), arm.requests),
    ...(arm.degraded === undefined ? {} : { degradedRate: rate(arm.degraded, arm.requests) }),
    p99Ms: arm.latencyMs?.p99 ?? null,
  };
}

/**
 * Unavailable requests; evidence recorded before availability was measured has only the
 * guardrail counters, so errors plus timeouts stand in (fallbacks left out, since one in
 * time is available; a slow error counts in both, so this may overstate).
 */
function unavailable(arm: ArmStats): number {
  return arm.unavailable ?? arm.errors + arm.timeouts;
}

const rate = (count: number, requests: number) => requests > 0 ? Math.min(1, count / requests) : 0;

function asVerdict(evidence: unknown): RecordedVerdict | null {
  const v = evidence as Partial<RecordedVerdict> | null;
  return v && typeof v === "object" && typeof v.outcome === "string" && Array.isArray(v.reasons) && v.evidence ? v as RecordedVerdict : null;
}

const iso = (ms: number) => new Date(ms).toISOString();
