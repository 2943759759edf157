/**
 * The interleaved canary users' preferences over one step, read as
 * release/supervisor/read-canary-preferences.ts reads them: a user's lists are their
 * merged lists of the step, their value covers the lists in one conversion window after
 * their first merged list (measurement/interleaving/user-preference.ts, preferenceOf:
 * the sign of the credit difference, ties and no credit apart), and it is final once the
 * stream has run one more conversion window past that window, so it never changes after
 * the user is counted (measurement's countPreference). Users become final in the order
 * of their first list, so a pointer over them replaces a pass over all users per check.
 */
import { countPreference, type FinalPreferences, NO_PREFERENCES } from "../../measurement/interleaving/preference-tally.ts";
import { preferenceOf } from "../../measurement/interleaving/user-preference.ts";
import type { ListCredit } from "./interleaved-answer.ts";

/**
 * The memory of the preference windows of one scenario's runs, reused by each window in
 * turn (one at a time): a window claims a user's slot by writing its own number.
 */
export class PreferenceBuffers {
  readonly owner: Int32Array;
  readonly slot: Int32Array;
  #windows = 0;

  constructor(users: number) {
    this.owner = new Int32Array(users);
    this.slot = new Int32Array(users);
  }

  /** A number no earlier window of these buffers had. */
  nextWindow(): number {
    return ++this.#windows;
  }
}

/** The interleaved users of one step and their final preferences. */
export class PreferenceWindow {
  readonly #buffers: PreferenceBuffers;
  readonly #id: number;
  readonly #windowMs: number;
  readonly #conversionWindowMs: number;
  // Per user, in order of their first merged list: its time and the credits of their window's lists.
  #first: number[] = [];
  #creditA: number[] = [];
  #creditB: number[] = [];
  #counted = 0;
  #final: FinalPreferences = NO_PREFERENCES;

  /** An empty window over `buffers`; a user's value covers `conversionWindowMs` after their first list (the supervisor's preference window). */
  constructor(buffers: PreferenceBuffers, conversionWindowMs: number) {
    this.#buffers = buffers;
    this.#id = buffers.nextWindow();
    this.#windowMs = conversionWindowMs;
    this.#conversionWindowMs = conversionWindowMs;
  }

  /** Records `user`'s merged list shown at `time` (not before any list recorded earlier) and the team it credits. */
  recordList(time: number, user: number, credit: ListCredit): void {
    const { owner, slot: slots } = this.#buffers;
    if (owner[user] !== this.#id) {
      owner[user] = this.#id;
      slots[user] = this.#first.length;
      this.#first.push(time);
      this.#creditA.push(0);
      this.#creditB.push(0);
    }
    const slot = slots[user];
    if (time >= this.#first[slot] + this.#windowMs) return; // after the user's window: not part of their value
    if (credit === "A") this.#creditA[slot]++;
    else if (credit === "B") this.#creditB[slot]++;
  }

  /** The users whose value is final when the stream's clock is at `streamEnd`, by preference. */
  finalAt(streamEnd: number): FinalPreferences {
    const settle = this.#windowMs + this.#conversionWindowMs;
    while (this.#counted < this.#first.length && this.#first[this.#counted] + settle <= streamEnd) {
      const slot = this.#counted++;
      this.#final = countPreference(this.#final, preferenceOf(this.#creditA[slot], this.#creditB[slot]));
    }
    return this.#final;
  }
}
