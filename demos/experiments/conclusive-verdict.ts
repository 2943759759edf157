/**
 * Which report conclusions settle an experiment, so the demo may stop it: a treatment
 * to ship, one to stop, arms shown equivalent within the declared margin, or, for an
 * interleaving experiment, a ranking users prefer. "No detectable difference" means
 * "keep collecting", and an SRM means the assignment is broken: neither answers the
 * experiment's question.
 */
import type { Verdict } from "../../experiments/report/decide-conclusion.ts";

/** The conclusions that answer an experiment (experiments/report/decide-conclusion.ts names them). */
export const CONCLUSIVE_VERDICTS: readonly Verdict[] = ["ship", "stop: guardrail harmed", "equivalent", "B preferred", "A preferred"];

/** True when `conclusion` settles the experiment. */
export function isConclusive(conclusion: string): boolean {
  return (CONCLUSIVE_VERDICTS as readonly string[]).includes(conclusion);
}
