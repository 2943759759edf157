/**
 * Turns cases.json into named checks so the Bun and Deno suites run the same contract
 * with the same test names; each runner only asserts `run()` deep-equals `expected`.
 */
import { z } from "zod";
import cases from "../cases.json" with { type: "json" };
import { diffRuleSets } from "../diff-rule-sets.ts";
import { parseRuleSet } from "../parse-rule-set.ts";
import { AgeBand } from "../../users/age-band.ts";
import { resolveRequest } from "../resolve-request.ts";
import { RuleSet } from "../rule-set.ts";
import { mergePatch } from "./merge-patch.ts";

const Patch = z.record(z.string(), z.unknown());
const Request = z.strictObject({
  userId: z.number(),
  headers: z.record(z.string(), z.string()),
  attributes: z.strictObject({ ageBand: AgeBand, gender: z.string(), occupation: z.string() })
    .optional(),
});

/** The shape of shared/rules/cases.json. */
export const RulesCases = z.strictObject({
  description: z.string(),
  ruleSets: z.record(z.string(), z.unknown()),
  resolveRequest: z.array(z.tuple([z.string(), z.string(), Patch, Request, z.unknown()])),
  parseRuleSet: z.array(z.tuple([z.string(), z.string(), Patch, z.array(z.string())])),
  diffRuleSets: z.array(z.tuple([z.string(), z.string(), Patch, z.array(z.unknown())])),
});
export type RulesCases = z.infer<typeof RulesCases>;

/** One expected result: a test name, how to compute it, and what cases.json says. */
export type Check = { name: string; run: () => unknown; expected: unknown };

/** Every case of cases.json as a check, in file order. Documents are parsed when a check runs. */
export function rulesChecks(): Check[] {
  const c = RulesCases.parse(cases);
  const documentOf = (base: string, patch: unknown): unknown => {
    if (!(base in c.ruleSets)) {
      throw new Error(`cases.json names an unknown rule set: ${JSON.stringify(base)}`);
    }
    return mergePatch(c.ruleSets[base], patch);
  };
  return [
    ...c.resolveRequest.map(([name, base, patch, request, expected]) => ({
      name: `resolveRequest() ${name}`,
      run: () => resolveRequest(RuleSet.parse(documentOf(base, patch)), request),
      expected,
    })),
    ...c.parseRuleSet.map(([name, base, patch, errors]) => ({
      name: `parseRuleSet() ${name}`,
      run: () => {
        const result = parseRuleSet(documentOf(base, patch));
        return result.ok ? [] : result.errors;
      },
      expected: errors,
    })),
    ...c.diffRuleSets.map(([name, base, patch, expected]) => ({
      name: `diffRuleSets() ${name}`,
      run: () =>
        diffRuleSets(RuleSet.parse(documentOf(base, {})), RuleSet.parse(documentOf(base, patch))),
      expected,
    })),
  ];
}
