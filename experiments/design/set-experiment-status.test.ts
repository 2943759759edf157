import { expect, test } from "bun:test";
import type { Experiment, RuleSet } from "../../shared/rules/index.ts";
import { setExperimentStatus } from "./set-experiment-status.ts";

const experiment = (key: string, status: Experiment["status"], start = 0, end = 1): Experiment => ({
  key,
  namespace: ["home", start, end],
  seed: key,
  coverage: 1,
  status,
  variants: [{ key: "a", weight: 0.5 }, { key: "b", weight: 0.5 }],
});

const rules = (...experiments: Experiment[]): RuleSet => ({
  formatVersion: 1,
  version: 1,
  pools: { stable: { urls: ["http://worker-1:8080"], modelVersion: "m1" } },
  routes: [],
  defaultPool: "stable",
  experiments,
});

test("setExperimentStatus() starts a draft and leaves the other experiments as they are", () => {
  const other = experiment("other", "draft");
  expect(setExperimentStatus(rules(experiment("x", "draft"), other), "x", "running")).toEqual({
    ok: true,
    rules: rules(experiment("x", "running"), other),
  });
});

test("setExperimentStatus() restarts a stopped experiment and stops a running one", () => {
  expect(setExperimentStatus(rules(experiment("x", "stopped")), "x", "running").ok).toBe(true);
  expect(setExperimentStatus(rules(experiment("x", "running")), "x", "stopped")).toEqual({
    ok: true,
    rules: rules(experiment("x", "stopped")),
  });
});

test("setExperimentStatus() refuses to start a running experiment or stop a draft", () => {
  expect(setExperimentStatus(rules(experiment("x", "running")), "x", "running")).toEqual({
    ok: false,
    reason: 'experiment "x" is running: only a draft or stopped experiment can become running',
  });
  expect(setExperimentStatus(rules(experiment("x", "draft")), "x", "stopped")).toEqual({
    ok: false,
    reason: 'experiment "x" is draft: only a running experiment can become stopped',
  });
});

test("setExperimentStatus() refuses an unknown key", () => {
  expect(setExperimentStatus(rules(), "nope", "running")).toEqual({
    ok: false,
    reason: 'no experiment "nope" in the rules',
  });
});

test("setExperimentStatus() refuses a start that would overlap a running experiment in its layer", () => {
  const result = setExperimentStatus(
    rules(experiment("a", "running", 0, 0.6), experiment("b", "draft", 0.5, 1)),
    "b",
    "running",
  );
  expect(result.ok).toBe(false);
  expect(!result.ok && result.reason).toContain(
    'running experiments "a" and "b" overlap in namespace "home"',
  );
});
