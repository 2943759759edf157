import type { ExperimentStatus, RuleSet } from "../../shared/rules/index.ts";
import { editableRules, type RulesEdit, validateRulesEdit } from "./rules-edit.ts";

/** The statuses an experiment may move to each target status from. */
const ALLOWED_FROM: Record<"running" | "stopped", readonly ExperimentStatus[]> = {
  // A stopped experiment may run again: same seed, so users get back the variants they had.
  running: ["draft", "stopped"],
  stopped: ["running"],
};

/**
 * The stored rules with experiment `key` moved to status `to`, or why not: an unknown
 * key, a transition that is not allowed, or a validator refusal (a started experiment
 * that would overlap a running one in its layer, or share its seed).
 */
export function setExperimentStatus(
  stored: RuleSet | null | undefined,
  key: string,
  to: "running" | "stopped",
): RulesEdit {
  const current = editableRules(stored);
  if (!current.ok) return current;
  const experiment = current.rules.experiments.find((e) => e.key === key);
  if (!experiment) {
    return { ok: false, reason: `no experiment ${JSON.stringify(key)} in the rules` };
  }
  if (!ALLOWED_FROM[to].includes(experiment.status)) {
    const allowed = ALLOWED_FROM[to].join(" or ");
    return {
      ok: false,
      reason: `experiment ${
        JSON.stringify(key)
      } is ${experiment.status}: only a ${allowed} experiment can become ${to}`,
    };
  }
  return validateRulesEdit({
    ...current.rules,
    experiments: current.rules.experiments.map((e) => (e.key === key ? { ...e, status: to } : e)),
  });
}
