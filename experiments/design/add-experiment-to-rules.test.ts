import { expect, test } from "bun:test";
import type { Experiment, RuleSet } from "../../shared/rules/index.ts";
import { addExperimentToRules } from "./add-experiment-to-rules.ts";

const rules: RuleSet = {
  formatVersion: 1,
  version: 3,
  pools: {
    stable: { urls: ["http://worker-1:8080"], modelVersion: "m1" },
    canary: { urls: ["http://worker-2:8080"], modelVersion: "m2" },
  },
  routes: [],
  defaultPool: "stable",
  experiments: [],
};

const draft: Experiment = {
  key: "ranker",
  seed: "ranker",
  coverage: 1,
  status: "draft",
  variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, pool: "canary" }],
};

test("addExperimentToRules() appends the experiment after the existing ones", () => {
  const other = { ...draft, key: "other", seed: "other" };
  const result = addExperimentToRules({ ...rules, experiments: [other] }, draft);
  expect(result).toEqual({ ok: true, rules: { ...rules, experiments: [other, draft] } });
});

test("addExperimentToRules() refuses a key already in the rules", () => {
  expect(addExperimentToRules({ ...rules, experiments: [draft] }, draft)).toEqual({
    ok: false,
    reason: 'experiment "ranker" is already in the rules',
  });
});

test("addExperimentToRules() refuses a variant pool that is not in the rules, with the validator's reason", () => {
  const lost = { ...draft, variants: [draft.variants[0], { key: "t", weight: 0.5, pool: "gone" }] };
  expect(addExperimentToRules(rules, lost)).toEqual({
    ok: false,
    reason: 'the rules would be invalid: experiments.0.variants.1.pool: experiment "ranker", ' +
      'variant "t": pool "gone" is not in pools ("canary", "stable")',
  });
});

test("addExperimentToRules() refuses when no rules are stored or the stored ones are invalid", () => {
  expect(addExperimentToRules(undefined, draft)).toEqual({
    ok: false,
    reason: "no rules stored yet: the router seeds them on first start",
  });
  expect(addExperimentToRules(null, draft).ok).toBe(false);
});

test("addExperimentToRules() refuses an interleaved pool that is not in the rules, with the validator's reason", () => {
  const interleaving = { ...draft, variants: [draft.variants[0], { key: "t", weight: 0.5, interleave: { a: "stable", b: "gone" } }] };
  const result = addExperimentToRules(rules, interleaving);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.reason).toStartWith("the rules would be invalid: experiments.0.variants.1.interleave.b: ");
  expect(!result.ok && result.reason).toContain('"gone"');
  const known = { ...interleaving, variants: [draft.variants[0], { key: "t", weight: 0.5, interleave: { a: "stable", b: "canary" } }] };
  expect(addExperimentToRules(rules, known)).toEqual({ ok: true, rules: { ...rules, experiments: [known] } });
});
