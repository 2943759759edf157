/**
 * Which report conclusions settle an experiment, so the demo may stop it: a treatment
 * to ship, one to stop, or arms shown equivalent within the declared margin. "No
 * detectable difference" means "keep collecting", and an SRM means the assignment is
 * broken: neither answers the experiment's question.
 */

/** The conclusions that answer an experiment (experiments/report/decide-conclusion.ts names them). */
export const CONCLUSIVE_VERDICTS: readonly string[] = ["ship", "stop: guardrail harmed", "equivalent"];

/** True when `conclusion` settles the experiment. */
export function isConclusive(conclusion: string): boolean {
  return CONCLUSIVE_VERDICTS.includes(conclusion);
}
