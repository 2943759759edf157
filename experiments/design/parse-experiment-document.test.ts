import { expect, test } from "bun:test";
import { parseExperimentDocument } from "./parse-experiment-document.ts";

const minimal = {
  key: "ranker-v2",
  hypothesis: "the v2 ranker raises conversion",
  variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, pool: "canary" }],
};

test("parseExperimentDocument() fills the defaults: seed = key, full coverage, first variant as control, conversion primary, latency guardrail, 10-minute window, 7-day observation, no equivalence margin", () => {
  expect(parseExperimentDocument(minimal)).toEqual({
    ok: true,
    document: {
      ...minimal,
      seed: "ranker-v2",
      coverage: 1,
      control: "control",
      primaryMetric: "conversion",
      guardrailMetrics: ["latency_ms"],
      conversionWindowMs: 600_000,
      observationWindowMs: 7 * 86_400_000,
    },
  });
});

test("parseExperimentDocument() keeps an equivalence margin and observation window, and refuses ones out of range", () => {
  const result = parseExperimentDocument({ ...minimal, equivalenceMargin: 0.1, observationWindowMs: 3_600_000 });
  expect(result.ok && result.document).toMatchObject({ equivalenceMargin: 0.1, observationWindowMs: 3_600_000 });
  expect(parseExperimentDocument({ ...minimal, equivalenceMargin: 10 })).toEqual({
    ok: false,
    errors: ["equivalenceMargin: equivalenceMargin must be below 1: it is a relative lift such as 0.1 for ±10%"],
  });
  expect(parseExperimentDocument({ ...minimal, equivalenceMargin: 0 })).toEqual({
    ok: false,
    errors: ["equivalenceMargin: equivalenceMargin must be above 0: it is a relative lift such as 0.1 for ±10%"],
  });
  expect(parseExperimentDocument({ ...minimal, observationWindowMs: 22 * 86_400_000 })).toEqual({
    ok: false,
    errors: ["observationWindowMs: observationWindowMs must be at most 1814400000 (three weeks)"],
  });
});

test("parseExperimentDocument() keeps a planned size, and refuses one that is not a whole number of users from 100", () => {
  const result = parseExperimentDocument({ ...minimal, plannedUsers: 1_000 });
  expect(result.ok && result.document.plannedUsers).toBe(1_000);
  expect(parseExperimentDocument({ ...minimal, plannedUsers: 50 })).toEqual({
    ok: false,
    errors: ["plannedUsers: plannedUsers must be at least 100"],
  });
  expect(parseExperimentDocument({ ...minimal, plannedUsers: 1_000.5 }).ok).toBe(false);
});

test("parseExperimentDocument() defaults a layer's slice to the whole layer", () => {
  const result = parseExperimentDocument({ ...minimal, layer: { name: "home" } });
  expect(result.ok && result.document.layer).toEqual({ name: "home", start: 0, end: 1 });
});

test("parseExperimentDocument() keeps an explicit seed, control and metrics", () => {
  const result = parseExperimentDocument({
    ...minimal,
    seed: "ranker-2024",
    control: "treatment",
    primaryMetric: "watch_minutes",
    guardrailMetrics: [],
    conversionWindowMs: 60_000,
  });
  expect(result.ok && result.document).toMatchObject({
    seed: "ranker-2024",
    control: "treatment",
    primaryMetric: "watch_minutes",
    guardrailMetrics: [],
    conversionWindowMs: 60_000,
  });
});

test("parseExperimentDocument() names a missing hypothesis and too few variants", () => {
  const { hypothesis: _, ...noHypothesis } = minimal;
  expect(parseExperimentDocument({ ...noHypothesis, variants: [minimal.variants[0]] })).toEqual({
    ok: false,
    errors: [
      "hypothesis: hypothesis is required: say what you expect to change and why",
      "variants: an experiment needs at least two variants",
    ],
  });
});

test("parseExperimentDocument() refuses a control that is not a variant", () => {
  expect(parseExperimentDocument({ ...minimal, control: "baseline" })).toEqual({
    ok: false,
    errors: ['control: control "baseline" is not a variant (control, treatment)'],
  });
});

test("parseExperimentDocument() refuses an empty layer slice at the layer's end", () => {
  expect(parseExperimentDocument({ ...minimal, layer: { name: "home", start: 0.5, end: 0.5 } }))
    .toEqual({
      ok: false,
      errors: ["layer.end: end (0.5) must be above start (0.5): the slice is [start, end)"],
    });
});

test("parseExperimentDocument() refuses an unknown metric, naming the field", () => {
  const result = parseExperimentDocument({ ...minimal, primaryMetric: "clicks" });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.errors[0]).toStartWith("primaryMetric: ");
});

test("parseExperimentDocument() refuses the primary metric as its own guardrail", () => {
  expect(parseExperimentDocument({ ...minimal, guardrailMetrics: ["conversion"] })).toEqual({
    ok: false,
    errors: [
      "guardrailMetrics: conversion is the primary metric; a metric cannot also be its own guardrail",
    ],
  });
});

test("parseExperimentDocument() refuses an invalid key and a field it does not know", () => {
  const result = parseExperimentDocument({ ...minimal, key: "has space", status: "running" });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.errors).toEqual([
    expect.stringContaining('key: "has space" is not a valid name'),
    '(document): Unrecognized key: "status"',
  ]);
});

test("parseExperimentDocument() refuses a conversion window beyond a week", () => {
  const result = parseExperimentDocument({ ...minimal, conversionWindowMs: 8 * 86_400_000 });
  expect(!result.ok && result.errors).toEqual([
    "conversionWindowMs: conversionWindowMs must be at most 604800000 (a week)",
  ]);
});

test("parseExperimentDocument() keeps targeting by user attributes as the rules' selector", () => {
  const targeting = {
    userRange: { from: 1, to: 5000 },
    attributes: { ageBands: ["18-24", "25-34"], genders: ["F"], occupations: ["writer"] },
  };
  const result = parseExperimentDocument({ ...minimal, targeting });
  expect(result.ok && (result.document.targeting as unknown)).toEqual(targeting);
});

test("parseExperimentDocument() names the attribute field of an unknown age band or an empty list", () => {
  const result = parseExperimentDocument({
    ...minimal,
    targeting: { attributes: { ageBands: ["30-40"], occupations: [] } },
  });
  expect(!result.ok && result.errors).toEqual([
    'targeting.attributes.ageBands.0: "30-40" is not an age band: use one of "under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"',
    "targeting.attributes.occupations: occupations must list at least one occupation, or be left out to match every occupation",
  ]);
});

test("parseExperimentDocument() refuses a worker flag value every worker would drop, naming the variant and flag", () => {
  const result = parseExperimentDocument({
    ...minimal,
    variants: [
      { key: "control", weight: 0.5 },
      { key: "treatment", weight: 0.5, flags: { popularityBlend: 8, rerank: "random" } },
    ],
  });
  expect(!result.ok && result.errors).toEqual([
    'variants.1.flags.rerank: rerank must be "none" or "mmr": got "random"',
    "variants.1.flags.popularityBlend: popularityBlend must be a number from 0 to 1: got 8",
  ]);
});

test("parseExperimentDocument() keeps valid worker flags and flags of other components", () => {
  const flags = { popularityBlend: 0.8, listLength: 10, ranker: "v2" };
  const result = parseExperimentDocument({
    ...minimal,
    variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, flags }],
  });
  expect(result.ok && result.document.variants[1].flags).toEqual(flags);
});

const interleaving = {
  ...minimal,
  variants: [{ key: "control", weight: 0.5 }, { key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "canary" } }],
};

test("parseExperimentDocument() keeps one interleaving variant beside a control served as usual", () => {
  const result = parseExperimentDocument(interleaving);
  expect(result.ok && result.document.variants[1]).toEqual({ key: "interleaved", weight: 0.5, interleave: { a: "stable", b: "canary" } });
});

test("parseExperimentDocument() refuses two interleaving variants and an interleaving control, saying why", () => {
  const twice = {
    ...minimal,
    variants: [
      { key: "control", weight: 0.4 },
      { key: "x", weight: 0.3, interleave: { a: "stable", b: "canary" } },
      { key: "y", weight: 0.3, interleave: { a: "stable", b: "next" } },
    ],
  };
  expect(parseExperimentDocument(twice)).toEqual({
    ok: false,
    errors: ["variants: only one variant may interleave: x, y do; compare further pairs in separate experiments"],
  });
  expect(parseExperimentDocument({ ...interleaving, control: "interleaved" })).toEqual({
    ok: false,
    errors: [
      'variants.1.interleave: the control "interleaved" must not interleave: it is the arm served as usual ' +
      "that the interleaving variant's latency and sample ratio are judged against",
    ],
  });
  // Without an explicit control the first variant is the control.
  const first = { ...minimal, variants: [interleaving.variants[1], interleaving.variants[0]] };
  expect(parseExperimentDocument(first).ok).toBe(false);
});

test("parseExperimentDocument() refuses a pool interleaved with itself with the rules' own reason", () => {
  const same = { ...minimal, variants: [minimal.variants[0], { key: "t", weight: 0.5, interleave: { a: "canary", b: "canary" } }] };
  expect(parseExperimentDocument(same)).toEqual({
    ok: false,
    errors: ["variants.1.interleave: interleave needs two different pools: a pool interleaved with itself compares nothing"],
  });
});
