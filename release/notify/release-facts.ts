/**
 * What the release email says, in the words and table cells both its bodies show: the
 * headline facts, the timeline, and each step's figures and tests.
 */
import { SITE_CLIENT_TIMEOUT_MS } from "../../measurement/site-timeout.ts";
import type { ArmFigures, ReleaseReport, ReleaseStep, StepTest } from "./release-report.ts";

/** One labelled fact; `href` marks a value that is a link. */
export type ReleaseFact = { readonly label: string; readonly value: string; readonly href?: string };

/** Words for each outcome, shared by the subject and the body. */
export const OUTCOME_WORDS = { promoted: "promoted", rolled_back: "rolled back", aborted: "aborted" } as const;

/** Decision, reason and provenance: what a reader needs to reproduce or audit the release. */
export function releaseFacts(report: ReleaseReport): ReleaseFact[] {
  const facts: ReleaseFact[] = [
    { label: "Decision", value: `${OUTCOME_WORDS[report.outcome]} at ${report.stage}` },
    { label: "Reason", value: report.reason },
    { label: "Model version", value: report.modelVersion },
    { label: "Previous version", value: report.previousVersion ?? "none" },
    { label: "Release", value: report.releaseId },
    { label: "Code commit", value: report.codeCommit },
    { label: "Data snapshot", value: report.dataSnapshotId },
    { label: "Started", value: report.startedAt },
    { label: "Finished", value: report.finishedAt },
  ];
  if (report.buildLink !== undefined) facts.push({ label: "Build", value: report.buildLink, href: report.buildLink });
  return facts;
}

/** One dated event of the timeline. */
export type TimelineEntry = { readonly at: string; readonly event: string };

/** Start, each step's start and end, and the finish; skipped steps have no time and are left out. */
export function releaseTimeline(report: ReleaseReport): TimelineEntry[] {
  const entries: TimelineEntry[] = [{ at: report.startedAt, event: `release started (model ${report.modelVersion})` }];
  for (const step of report.steps) {
    if (step.startedAt !== null) entries.push({ at: step.startedAt, event: `step ${step.percent}% started` });
    if (step.endedAt !== null) entries.push({ at: step.endedAt, event: `step ${step.percent}% ended: ${step.outcome}` });
  }
  entries.push({ at: report.finishedAt, event: `${report.outcome.replace("_", " ")} at ${report.stage}` });
  return entries;
}

/** What the error and degraded rates mean (measurement/availability), printed once under the steps' figures. */
export const FIGURES_NOTE = `error rate = unavailable requests ÷ requests: not answered 200 before the site's client timeout ` +
  `(${SITE_CLIENT_TIMEOUT_MS} ms unless RELEASE_CLIENT_TIMEOUT_MS overrides it). degraded = answered in time from the router's ` +
  `fallback list: available, so not in the error rate. Requests are those naming a user.`;

/** What the interleaved preference test measures, printed once under the steps when a step ran it. */
export const INTERLEAVING_NOTE = `preference = an interleaved test: some canary users got stable's and the candidate's rankings merged ` +
  `into one list, and each watch credits the ranking that placed the movie. It measures which ranking users prefer when both are ` +
  `shown together, not long-term behaviour (retention, watch time over weeks). Share = users preferring the candidate ÷ users with a ` +
  `preference, with an always-valid interval (valid at every check); ties and users without credit have no preference.`;

/** Whether any step ran the interleaved preference test. */
export function hasPreferenceTest(report: ReleaseReport): boolean {
  return report.steps.some((s) => s.tests.some((t) => t.kind === "preference"));
}

/** A step ready to print: heading, timing line, per-arm figure rows and one row per test. */
export type StepView = {
  readonly title: string;
  readonly timing: string;
  readonly figures: readonly (readonly [label: string, stable: string, canary: string])[];
  readonly tests: readonly (readonly [metric: string, outcome: string, evidence: string])[];
};

const NONE = "–";

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;
const signedPct = (x: number) => `${x >= 0 ? "+" : ""}${pct(x, 1)}`;

function durationText(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  const m = Math.floor(seconds / 60);
  return m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

function cell(figures: ArmFigures | null, pick: (f: ArmFigures) => string | null): string {
  return figures === null ? NONE : pick(figures) ?? NONE;
}

function testEvidence(t: StepTest): string {
  switch (t.kind) {
    case "lift":
      return `lift ${signedPct(t.lift)}, interval [${signedPct(t.lower)}, ${signedPct(t.upper)}]`;
    case "count":
      return `canary ${pct(t.canaryRate)} vs stable ${pct(t.stableRate)}, log Bayes factor ${t.logBayesFactor.toFixed(2)}`;
    case "latency":
      return `canary ${t.canaryMs.toFixed(0)} ms vs stable ${t.stableMs.toFixed(0)} ms, limit ${t.limitMs.toFixed(0)} ms`;
    case "sample_ratio":
      return `canary ${t.canaryUsers} of ${t.canaryUsers + t.stableUsers} users (${pct(t.observedShare)}) vs ${pct(t.expectedShare)} expected, ` +
        `log e-value ${t.logEvidence.toFixed(2)}`;
    case "preference": {
      const counts = `${t.preferStable} prefer stable, ${t.preferCandidate} prefer candidate, ${t.ties} ties, ${t.noCredit} no credit`;
      const share = t.share === null
        ? "no share yet"
        : `candidate share ${pct(t.share, 1)}, always-valid interval [${pct(t.lower, 1)}, ${pct(t.upper, 1)}], p = ${t.pValue.toPrecision(2)}`;
      const pass = t.passLower === undefined || t.margin === undefined || t.passAlpha === undefined
        ? ""
        : `; passes once the lower end at alpha ${t.passAlpha.toPrecision(2)} is above ${pct(0.5 - t.margin, 1)}: ${pct(t.passLower, 1)}`;
      return `${counts}; ${share} (alpha ${t.alpha.toPrecision(2)}, ${t.mode === "instead" ? "instead of" : "alongside"} conversion)${pass}`;
    }
  }
}

/** Describes one step; a skipped step keeps its row so the reader sees how far the release got. */
export function describeStep(step: ReleaseStep): StepView {
  const { stable, canary } = step;
  const timing = step.startedAt === null
    ? "not started"
    : step.endedAt === null
    ? `started ${step.startedAt}, not ended`
    : `${step.startedAt} → ${step.endedAt} (${durationText(step.startedAt, step.endedAt)})`;
  return {
    title: `Step ${step.percent}%: ${step.outcome}`,
    timing,
    figures: [
      ["users", cell(stable, (f) => String(f.users)), cell(canary, (f) => String(f.users))],
      ["requests", cell(stable, (f) => String(f.requests)), cell(canary, (f) => String(f.requests))],
      ["conversion", cell(stable, (f) => f.conversion === null ? null : pct(f.conversion)), cell(canary, (f) => f.conversion === null ? null : pct(f.conversion))],
      ["error rate", cell(stable, (f) => pct(f.errorRate)), cell(canary, (f) => pct(f.errorRate))],
      ["degraded", cell(stable, (f) => f.degradedRate === undefined ? null : pct(f.degradedRate)), cell(canary, (f) => f.degradedRate === undefined ? null : pct(f.degradedRate))],
      ["p99", cell(stable, (f) => f.p99Ms === null ? null : `${f.p99Ms.toFixed(0)} ms`), cell(canary, (f) => f.p99Ms === null ? null : `${f.p99Ms.toFixed(0)} ms`)],
    ],
    tests: step.tests.map((t) => [t.metric, t.outcome, testEvidence(t)] as const),
  };
}
