/**
 * A parent's view of a child's progress. A child writing to a pipe logs its progress as
 * sparse JSON lines (progress.ts); a parent on a terminal turns those lines back into
 * bars of its own, with the child's count, total and start, and passes every other line
 * on. Off a terminal the parent passes every line on as it is: logs stay JSON.
 */
import { parseProgressLine } from "./progress-line.ts";
import { createProgress, type Progress, progressModeHere } from "./progress.ts";

export type ProgressRelay = {
  /** One line of the child's output (a `[name] ` prefix is allowed). */
  line(text: string): void;
  /** The child ended: bars still open show where their steps stopped. */
  close(): void;
};

/**
 * Draws the child's progress lines as bars when this process draws bars; `other` gets
 * every other line (with bars, print it through printLine so it lands above them).
 */
export function createProgressRelay(options: { readonly json?: boolean; readonly other: (line: string) => void; readonly now?: () => number }): ProgressRelay {
  const now = options.now ?? Date.now;
  // Each bar's clock stands at its latest line: between the child's sparse lines its rate
  // and ETA hold still instead of drifting until the next line corrects them.
  const open = new Map<string, { bar: Progress; clock: { at: number } }>();
  const drawsBars = progressModeHere(options.json) === "bar";
  return {
    line(text) {
      const progress = drawsBars ? parseProgressLine(text) : null;
      if (!progress) {
        options.other(text);
        return;
      }
      let entry = open.get(progress.label);
      if (!entry) {
        const clock = { at: now() };
        const bar = createProgress(
          { label: progress.label, total: progress.total, unit: progress.unit },
          { startedAtMs: clock.at - progress.elapsedMs, now: () => clock.at },
        );
        entry = { bar, clock };
        open.set(progress.label, entry);
      }
      entry.clock.at = now();
      entry.bar.update(progress.done, progress.detail);
      if (progress.finished) {
        entry.bar.done();
        open.delete(progress.label);
      }
    },
    close() {
      for (const entry of open.values()) entry.bar.done();
      open.clear();
    },
  };
}
