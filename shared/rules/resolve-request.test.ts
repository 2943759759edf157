import { expect, test } from "bun:test";
import fc from "fast-check";
import cases from "./cases.json" with { type: "json" };
import { parseRuleSet } from "./parse-rule-set.ts";
import { resolveRequest } from "./resolve-request.ts";
import { RuleSet } from "./rule-set.ts";

const rules = RuleSet.parse(cases.ruleSets.experiments);
const request = fc.record({
  userId: fc.integer({ min: 0, max: 2_147_483_647 }),
  headers: fc.dictionary(fc.string(), fc.string(), { maxKeys: 4 }),
});

test("resolveRequest() always picks a pool the rules define", () => {
  fc.assert(fc.property(request, (r) => {
    expect(Object.keys(rules.pools)).toContain(resolveRequest(rules, r).pool);
  }));
});

test("resolveRequest() gives the same answer for the same request", () => {
  fc.assert(fc.property(request, (r) => {
    expect(resolveRequest(rules, r)).toEqual(resolveRequest(rules, structuredClone(r)));
  }));
});

test("resolveRequest() assigns at most one experiment per namespace", () => {
  fc.assert(fc.property(request, (r) => {
    const keys = resolveRequest(rules, r).assignments.map((a) => a.experiment);
    expect(keys.includes("ranker-ab") && keys.includes("rows")).toBe(false);
  }));
});

test("parseRuleSet() returns errors rather than throwing, whatever the input", () => {
  fc.assert(fc.property(fc.anything(), (input) => {
    expect(parseRuleSet(input).ok).toBe(false);
  }));
});
