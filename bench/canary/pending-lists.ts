/**
 * Shown lists waiting for their conversion window to close. A list is judged once the
 * stream's clock has run one window past it (measurement/judged-period.ts); until then
 * its outcome, already drawn, stays here in arrival order. One growing buffer, reused.
 */
import type { RequestOutcome } from "./traffic/draw-request.ts";

// Five numbers per list: time, user, converted (0/1), minutes watched, rating (0: none).
const STRIDE = 5;

/** What a judged list gives its reader: its user, outcome and the time it was shown. */
export type JudgedList = (user: number, converted: boolean, watchMinutes: number, rating: number, time: number) => void;

/** A FIFO of shown lists by time. */
export class PendingLists {
  #lists = new Float64Array(STRIDE * 4096);
  #end = 0;
  #next = 0;

  /** Empties the queue, keeping its memory. */
  clear(): void {
    this.#end = 0;
    this.#next = 0;
  }

  /** Queues `user`'s list shown at `time` (not after any list queued before). */
  push(time: number, user: number, outcome: RequestOutcome): void {
    if (this.#end + STRIDE > this.#lists.length) {
      const grown = new Float64Array(this.#lists.length * 2);
      grown.set(this.#lists.subarray(0, this.#end));
      this.#lists = grown;
    }
    const lists = this.#lists;
    const at = this.#end;
    lists[at] = time;
    lists[at + 1] = user;
    lists[at + 2] = outcome.converted ? 1 : 0;
    lists[at + 3] = outcome.watchMinutes;
    lists[at + 4] = outcome.rating;
    this.#end = at + STRIDE;
  }

  /** Hands every queued list shown before `to` to `judge`, oldest first, and drops it. */
  judgeUntil(to: number, judge: JudgedList): void {
    const lists = this.#lists;
    while (this.#next < this.#end && lists[this.#next] < to) {
      const at = this.#next;
      judge(lists[at + 1], lists[at + 2] === 1, lists[at + 3], lists[at + 4], lists[at]);
      this.#next = at + STRIDE;
    }
  }
}
