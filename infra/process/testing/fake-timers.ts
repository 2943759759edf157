/** A fake clock for timer-driven code: time moves only when a test advances it. */
import type { Timers } from "../refreshing.ts";

export type FakeTimers = Timers & {
  now(): number;
  /** Moves the clock `ms` ahead, running each timer that falls due and the work it starts. */
  advance(ms: number): Promise<void>;
  /** How many timers are waiting. */
  pending(): number;
};

// One real macrotask turn: every promise callback queued so far has run.
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Timers on a clock starting at `start` ms. */
export function fakeTimers(start = 0): FakeTimers {
  let now = start;
  let nextId = 1;
  const waiting = new Map<number, { at: number; run: () => void }>();
  return {
    now: () => now,
    setTimeout(run, ms) {
      const id = nextId++;
      waiting.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => void waiting.delete(handle as number),
    pending: () => waiting.size,
    async advance(ms) {
      const until = now + ms;
      await settle();
      for (;;) {
        const due = [...waiting.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        waiting.delete(due[0]);
        now = due[1].at;
        due[1].run();
        await settle();
      }
      now = until;
    },
  };
}
