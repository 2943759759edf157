/**
 * The one table from a command's typed outcome to its exit code. Commands name
 * what happened; only this file knows the numbers, so operators' scripts and the
 * README read them from one place.
 */

/** Every exit code a command gives, by outcome. */
export const EXIT_CODES = {
  /** The command did what was asked (a gate: passed). */
  ok: 0,
  /** A release promoted its model to all traffic. */
  promoted: 0,
  /** Unexpected: the command itself failed (a thrown error). */
  error: 1,
  /** Nothing to act on: no such model, no rules stored, the gate cannot tell. */
  missing: 1,
  /** The run could not finish for a reason outside it (an unreachable API). */
  incomplete: 1,
  /** Bad flags or arguments, or a document that does not validate. */
  usage: 2,
  /** A change or input refused with a reason (an invalid transition, a rejected model). */
  refused: 2,
  /** A gate failed: the offline gate rejected the model, or a demo's outcomes were not the expected ones. */
  gate_failed: 2,
  /** A release was aborted: stopped before or outside the canary judge (preflight, the offline gate). */
  aborted: 2,
  /** A release was rolled back during its canary. */
  rolled_back: 2,
  /** A release cannot start or resume: another one is active, or none is there to resume. */
  release_refused: 3,
  /** A drill ran but missed one of its targets (a request failed, a part came back late, an event was lost). */
  target_missed: 1,
  /** Stopped by SIGINT/SIGTERM where the process keeps its work for a rerun (128 + 2). */
  interrupted: 130,
} as const;

/** What a command reports when it is done. */
export type Outcome = keyof typeof EXIT_CODES;

/** The exit code of `outcome`. */
export function exitCode(outcome: Outcome): number {
  return EXIT_CODES[outcome];
}

/** An expected way to end a command early: printed as one line, no stack, with its outcome's code. */
export class CommandError extends Error {
  override name = "CommandError";
  constructor(readonly outcome: Exclude<Outcome, "ok">, message: string) {
    super(message);
  }
}
