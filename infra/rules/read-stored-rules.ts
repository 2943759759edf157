import type postgres from "postgres";
import { readRules } from "./rules-store.ts";
import { parseRuleSet, type RuleSet } from "../../shared/rules/index.ts";

/** The stored rules as updateRules would hand them to an edit: undefined when none, null when invalid. */
export async function readStoredRules(sql: postgres.Sql): Promise<RuleSet | null | undefined> {
  const stored = await readRules(sql);
  if (stored === null) return undefined;
  const parsed = parseRuleSet(stored);
  return parsed.ok ? parsed.rules : null;
}
