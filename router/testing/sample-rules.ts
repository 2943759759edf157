/** Rules documents for router tests, built on shared/rules/cases.json. */
import cases from "../../shared/rules/cases.json" with { type: "json" };
import { RuleSet } from "../../shared/rules/index.ts";

/** A valid document with pools stable/canary/debug, routes, and no experiments. */
export function routingRules(version = 1): RuleSet {
  return RuleSet.parse({ ...cases.ruleSets.routing, version });
}

/** One pool `stable` of the given workers as the default, plus `overrides`. */
export function poolRules(urls: string[], overrides: Partial<RuleSet> = {}): RuleSet {
  return RuleSet.parse({
    formatVersion: 1,
    version: 1,
    pools: { stable: { urls, modelVersion: "als-test" } },
    routes: [],
    defaultPool: "stable",
    experiments: [],
    ...overrides,
  });
}
