/** Validation of a rules document submitted for writing (admin API body, CLI file). */
import { parseRuleSet, type ParseRuleSetResult } from "../../shared/rules/index.ts";

/**
 * Like parseRuleSet, but `version` may be left out: the database assigns the next version
 * on write, so a submitted version is only informational. Never throws.
 */
export function parseRulesInput(input: unknown): ParseRuleSetResult {
  const isObject = input !== null && typeof input === "object" && !Array.isArray(input);
  if (isObject && !("version" in input)) return parseRuleSet({ ...input, version: 0 });
  return parseRuleSet(input);
}
