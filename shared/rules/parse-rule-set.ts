import { RuleSet } from "./rule-set.ts";

/** A validated rules document, or every reason it was refused as `path: message` lines. */
export type ParseRuleSetResult =
  | { readonly ok: true; readonly rules: RuleSet }
  | { readonly ok: false; readonly errors: string[] };

/** Validates an untrusted rules document (HTTP body, jsonb, file); never throws. */
export function parseRuleSet(input: unknown): ParseRuleSetResult {
  const result = RuleSet.safeParse(input);
  if (result.success) return { ok: true, rules: result.data };
  const errors = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return `${path === "" ? "(document)" : path}: ${issue.message}`;
  });
  return { ok: false, errors };
}
