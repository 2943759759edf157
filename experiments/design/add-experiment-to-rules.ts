import type { Experiment, RuleSet } from "../../shared/rules/index.ts";
import { editableRules, type RulesEdit, validateRulesEdit } from "./rules-edit.ts";

/**
 * The stored rules with `experiment` appended (after the others, so existing experiments
 * keep their precedence), or why not: no or invalid rules, a key already there, or
 * anything the rules validator refuses (an unknown pool, weights not summing to 1).
 */
export function addExperimentToRules(
  stored: RuleSet | null | undefined,
  experiment: Experiment,
): RulesEdit {
  const current = editableRules(stored);
  if (!current.ok) return current;
  if (current.rules.experiments.some((e) => e.key === experiment.key)) {
    return {
      ok: false,
      reason: `experiment ${JSON.stringify(experiment.key)} is already in the rules`,
    };
  }
  return validateRulesEdit({
    ...current.rules,
    experiments: [...current.rules.experiments, experiment],
  });
}
