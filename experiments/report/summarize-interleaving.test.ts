import { expect, test } from "bun:test";
import { preferenceMixtureShape, preferenceSequence } from "../../shared/stats/preference-sequence.ts";
import { preferenceUsersNeeded } from "../../shared/stats/preference-users-needed.ts";
import { buildExperimentReport } from "./build-experiment-report.ts";
import { ExperimentReportInput, type InterleavingInput } from "./experiment-report-input.ts";
import { renderReportHtml } from "./render-report-html.ts";
import { renderReportJson } from "./render-report-json.ts";
import { renderReportMarkdown } from "./render-report-markdown.ts";
import { TWO_ARM, twoArmInput } from "./testing/report-fixtures.ts";
import { type SimulatedArm, simulateUsers } from "./testing/simulate-users.ts";

const INTERLEAVE = { variant: "treatment", a: "stable", b: "canary" };
const PREFERRING_B: InterleavingInput = {
  preferA: 300,
  preferB: 420,
  ties: 50,
  noCredit: 800,
  pendingUsers: 100,
  notInterleavedLists: 12,
  unmatchedLists: 3,
  refusedLists: 1,
};
const UNDECIDED: InterleavingInput = { ...PREFERRING_B, preferA: 50, preferB: 55 };

/** An interleaving experiment: TWO_ARM whose treatment merges stable and canary, with simulated users. */
function interleavingInput(
  interleaving: InterleavingInput,
  treatment: Omit<SimulatedArm, "key" | "users"> = {},
  control = 2000,
  treated = 2000,
): ExperimentReportInput {
  const users = simulateUsers(5, [{ key: "control", users: control }, { key: "treatment", users: treated, ...treatment }]);
  return ExperimentReportInput.parse({ experiment: { ...TWO_ARM, interleave: INTERLEAVE }, users, interleaving });
}

// The planned 10,000 users times the treatment's half of the weights.
const SHAPE = preferenceMixtureShape(0.05, 5_000);

test("buildExperimentReport() of an interleaving experiment reports the preference test over final users", () => {
  const report = buildExperimentReport(interleavingInput(PREFERRING_B));
  const sequence = preferenceSequence({ preferA: 300, preferB: 420 }, 0.05, SHAPE);
  expect(sequence.verdict).toBe("B preferred");
  expect(report.interleaving).toEqual({
    variant: "treatment",
    pools: { a: "stable", b: "canary" },
    users: 2000,
    final_users: 1570,
    pending_users: 100,
    prefer_a: 300,
    prefer_b: 420,
    ties: 50,
    no_credit: 800,
    not_interleaved_lists: 12,
    unmatched_lists: 3,
    refused_lists: 1,
    share_b: 420 / 720,
    ci: [sequence.lower, sequence.upper],
    p_value: sequence.pValue,
    alpha: 0.05,
    shape: SHAPE,
    verdict: "B preferred",
    users_needed: 1570,
    more_users: 0,
  });
  expect(report.conclusion.verdict).toBe("B preferred");
  expect(report.conclusion.treatment).toBe("treatment");
  expect(report.conclusion.reason).toStartWith(
    "users shown stable (A) and canary (B) interleaved in treatment prefer canary over stable (share preferring canary 58.33%",
  );
  expect(report.conclusion.reason).toEndWith("; confirm long-term effects with an A/B test");
});

test("buildExperimentReport() of an interleaving experiment keeps primary's keys, about the preference test", () => {
  const usual = buildExperimentReport(interleavingInput(PREFERRING_B)).primary;
  const sequence = preferenceSequence({ preferA: 300, preferB: 420 }, 0.05, SHAPE);
  // The same keys, in the same order, as an A/B test's headline.
  expect(Object.keys(usual)).toEqual(Object.keys(buildExperimentReport(twoArmInput(5, {}, 200, 200)).primary));
  expect(usual).toMatchObject({
    metric: "preference",
    users: { control: 2000, treatment: 2000 },
    treatment: "treatment",
    conclusion: "B preferred",
    p_value: sequence.pValue,
    always_valid_p_value: sequence.pValue,
    more_users: 0,
    more_days: null,
  });
  expect(usual.lift).toBeCloseTo(420 / 720 - 0.5, 15);
  expect(usual.ci).toEqual([sequence.lower - 0.5, sequence.upper - 0.5]);
  expect(usual.always_valid_lift_ci).toEqual(usual.ci);
});

test("buildExperimentReport() of an undecided interleaving experiment says what is missing and how many more users", () => {
  const report = buildExperimentReport(interleavingInput(UNDECIDED));
  const needed = preferenceUsersNeeded({ preferA: 50, preferB: 55, withoutPreference: 850 }, 0.05, SHAPE)!;
  expect(report.interleaving).toMatchObject({ final_users: 955, verdict: "inconclusive", users_needed: needed, more_users: needed - 955 });
  expect(report.conclusion.verdict).toBe("no detectable difference");
  expect(report.conclusion.reason).toStartWith(
    `no preference between stable (A) and canary (B) shown yet: the interval still includes 50%; about ${needed - 955} more final users`,
  );
  expect(report.primary.more_users).toBe(needed - 955);
  expect(report.outlook).toEqual({ usersInSequence: 955, usersNeeded: needed, moreUsers: needed - 955, moreDays: null });

  const nobody = buildExperimentReport(interleavingInput({ ...UNDECIDED, preferA: 0, preferB: 0 }));
  expect(nobody.interleaving).toMatchObject({ share_b: null, ci: [0, 1], p_value: 1, users_needed: null, more_users: null });
  expect(nobody.conclusion.reason).toContain("no user has a preference yet");
  expect(nobody.primary.lift).toBeNull();
});

test("buildExperimentReport() of an interleaving experiment checks SRM and guardrails before any preference", () => {
  const mismatched = buildExperimentReport(interleavingInput(PREFERRING_B, {}, 2000, 1000));
  expect(mismatched.conclusion.verdict).toBe("check assignment: SRM");
  expect(mismatched.primary.conclusion).toBe("check assignment: SRM");
  // The merged arm waits for two pools: a latency beyond the guardrail's margin stops it, whatever users prefer.
  const slow = buildExperimentReport(interleavingInput(PREFERRING_B, { latencyMs: 140 }));
  expect(slow.conclusion.verdict).toBe("stop: guardrail harmed");
  expect(slow.conclusion.reason).toStartWith("treatment is worse on latency_ms by more than its");
  expect(slow.comparisons.some((c) => c.metric === "latency_ms" && c.treatment === "treatment")).toBe(true);
});

test("buildExperimentReport() of an interleaving experiment states what interleaving does and does not measure", () => {
  const { method } = buildExperimentReport(interleavingInput(PREFERRING_B));
  expect(method.interleaving).toContain("team-draft interleaving in treatment");
  expect(method.interleaving).toContain("tightest at 5000 users with a preference (the planned users × the variant's weight share)");
  expect(method.interleaving).toContain("it does not measure long-term behaviour");
  expect(method.interleaving).toEndWith("confirm the preferred ranking with an A/B test");
});

test("ExperimentReportInput refuses preferences without an interleaving variant, and an interleaving control", () => {
  const users = simulateUsers(5, [{ key: "control", users: 10 }, { key: "treatment", users: 10 }]);
  const issues = (input: unknown) => {
    const parsed = ExperimentReportInput.safeParse(input);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  };
  expect(issues({ experiment: TWO_ARM, users, interleaving: PREFERRING_B })).toEqual([
    "preferences were given for an experiment that does not interleave",
  ]);
  expect(issues({ experiment: { ...TWO_ARM, interleave: INTERLEAVE }, users })).toEqual([
    "the experiment interleaves in treatment but no preferences were given",
  ]);
  expect(issues({ experiment: { ...TWO_ARM, interleave: { ...INTERLEAVE, variant: "control" } }, users, interleaving: PREFERRING_B }))
    .toEqual(["the interleaving variant must be a variant other than the control control: current value is control"]);
});

test("renderReportMarkdown() shows the interleaving section after the conclusion, ties and no-credit users included", () => {
  const md = renderReportMarkdown(buildExperimentReport(interleavingInput(PREFERRING_B)));
  expect(md).toContain("**B preferred**: users shown stable (A) and canary (B) interleaved in treatment prefer canary");
  expect(md.indexOf("## Conclusion")).toBeLessThan(md.indexOf("## Interleaving: stable (A) vs canary (B)"));
  expect(md.indexOf("## Interleaving")).toBeLessThan(md.indexOf("## Variants"));
  expect(md).toContain("treatment shows stable (A) and canary (B) interleaved: 58.33% of users with a preference prefer canary");
  for (
    const row of [
      "| Prefer A (stable) | 300 |",
      "| Prefer B (canary) | 420 |",
      "| Ties (equal credit) | 50 |",
      "| No credit (watched nothing shown) | 800 |",
      "| Lists answered by one pool alone | 12 |",
      "| Lists matching no interleaved answer | 3 |",
      "| Verdict | B preferred |",
    ]
  ) expect(md).toContain(row);
  expect(md).toContain("- 1570 users of treatment have a final preference and are in the preference test (100 more are still within their window).");
  expect(md).toContain("- interleaving: team-draft interleaving in treatment");
});

test("renderReportMarkdown() of an undecided interleaving experiment says how many more users a verdict needs", () => {
  const report = buildExperimentReport(interleavingInput(UNDECIDED));
  expect(renderReportMarkdown(report)).toContain(
    `- A preference verdict needs about ${report.interleaving!.more_users} more users with a final value if the share so far holds.`,
  );
});

test("renderReportHtml() and renderReportJson() carry the interleaving section", async () => {
  const report = buildExperimentReport(interleavingInput({ ...UNDECIDED, preferA: 0, preferB: 0 }));
  const html = await renderReportHtml(report);
  expect(html.indexOf('id="conclusion"')).toBeLessThan(html.indexOf('id="interleaving"'));
  expect(html).toContain("<td>Ties (equal credit)</td><td>50</td>");
  expect(html).toContain("Interleaving: stable (A) vs canary (B)</h2>");
  const json = JSON.parse(renderReportJson(report));
  expect(json.interleaving).toMatchObject({ variant: "treatment", prefer_a: 0, prefer_b: 0, ties: 50, no_credit: 800, share_b: null });
  expect(json.primary.metric).toBe("preference");
  expect(json.primary.difference).toBeNull(); // NaN before anyone has a preference
  expect(json.experiment.interleave).toEqual(INTERLEAVE);
});
