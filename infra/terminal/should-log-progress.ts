/**
 * When a progress report off a terminal writes a line: sparse enough that a log of a
 * five-minute step stays short, often enough that a reader (or a parent process drawing
 * its own bar from these lines) sees it move. A line when another tenth of the total is
 * done, or when five seconds passed since the last line and something moved; the first
 * line opens the report (it names the total), and the shell writes a closing one (so
 * reaching the total writes nothing of its own).
 */

/** The last line written: when, and how much was done then. */
export type LastProgressLine = { readonly atMs: number; readonly done: number };

export const PROGRESS_LOG_RULE = { everyRatio: 0.1, everyMs: 5000 } as const;

/** Whether to write a line now; `last` null means none was written yet (the opening line, with the total). */
export function shouldLogProgress(
  last: LastProgressLine | null, nowMs: number, done: number, total: number, rule: { everyRatio: number; everyMs: number } = PROGRESS_LOG_RULE,
): boolean {
  if (last === null) return true;
  if (done === last.done) return false;
  // Reaching the total is said by the closing line, which follows at once.
  if (total > 0 && done >= total) return false;
  if (total > 0 && (done - last.done) / total >= rule.everyRatio) return true;
  return nowMs - last.atMs >= rule.everyMs;
}
