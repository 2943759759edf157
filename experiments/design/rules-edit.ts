import { parseRuleSet, type RuleSet } from "../../shared/rules/index.ts";

/** An edited rules document the validator accepted, or why the edit was refused. */
export type RulesEdit =
  | { readonly ok: true; readonly rules: RuleSet }
  | { readonly ok: false; readonly reason: string };

/**
 * The stored rules as updateRules hands them over (null: stored but invalid; undefined:
 * none stored), or the reason an experiment cannot be edited in them.
 */
export function editableRules(stored: RuleSet | null | undefined): RulesEdit {
  if (stored === undefined) {
    return { ok: false, reason: "no rules stored yet: the router seeds them on first start" };
  }
  if (stored === null) {
    return {
      ok: false,
      reason: "the stored rules are invalid: fix them with `bun run rules set` first",
    };
  }
  return { ok: true, rules: stored };
}

/** Runs the whole rules validator over an edited document, so an edit never stores what the router would refuse. */
export function validateRulesEdit(rules: RuleSet): RulesEdit {
  const parsed = parseRuleSet(rules);
  if (parsed.ok) return { ok: true, rules: parsed.rules };
  return { ok: false, reason: `the rules would be invalid: ${parsed.errors.join("; ")}` };
}
