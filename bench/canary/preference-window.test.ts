import { expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import type { WatchStart } from "../../measurement/conversion/converting-starts.ts";
import type { InterleavedList } from "../../measurement/interleaving/interleaved-list.ts";
import { tallyPreferences } from "../../measurement/interleaving/preference-tally.ts";
import { userPreferences } from "../../measurement/interleaving/user-preference.ts";
import type { ListCredit } from "./interleaved-answer.ts";
import { PreferenceBuffers, PreferenceWindow } from "./preference-window.ts";

// Each user's value covers the lists of the 50 ms after their first; it is final 50 ms after that.
const WINDOW = 50;

test("PreferenceWindow counts a user once their window and its conversion window have passed, on their window's lists only", () => {
  const window = new PreferenceWindow(new PreferenceBuffers(10), WINDOW);
  window.recordList(0, 1, "B");
  window.recordList(10, 2, "A");
  window.recordList(20, 1, "A");
  window.recordList(30, 1, "B");
  window.recordList(60, 1, "A"); // after user 1's window [0, 50)
  window.recordList(70, 3, null);
  expect(window.finalAt(99)).toEqual({ preferA: 0, preferB: 0, ties: 0, noCredit: 0 });
  expect(window.finalAt(100)).toEqual({ preferA: 0, preferB: 1, ties: 0, noCredit: 0 });
  expect(window.finalAt(170)).toEqual({ preferA: 1, preferB: 1, ties: 0, noCredit: 1 });
});

test("PreferenceWindow over reused buffers starts empty: a new step's window forgets the last one's users", () => {
  const buffers = new PreferenceBuffers(10);
  const first = new PreferenceWindow(buffers, WINDOW);
  first.recordList(0, 4, "A");
  first.recordList(5, 4, "B");
  const second = new PreferenceWindow(buffers, WINDOW);
  second.recordList(200, 4, "B");
  expect(second.finalAt(300)).toEqual({ preferA: 0, preferB: 1, ties: 0, noCredit: 0 });
  expect(first.finalAt(300)).toEqual({ preferA: 0, preferB: 0, ties: 1, noCredit: 0 });
});

test("PreferenceWindow agrees with measurement's userPreferences and tallyPreferences on the same lists and starts", () => {
  const random = mulberry32(5);
  const window = new PreferenceWindow(new PreferenceBuffers(40), WINDOW);
  const lists: InterleavedList[] = [];
  const starts: WatchStart[] = [];
  for (let i = 0, time = 0; i < 400; i++, time += Math.floor(random() * 3)) {
    const userId = Math.floor(random() * 40);
    const draw = random();
    const credit: ListCredit = draw < 0.2 ? "A" : draw < 0.4 ? "B" : null;
    // Movies of this list alone, one per team; the credited team's is started 1 ms after the list.
    lists.push({ userId, time, items: [`a${i}`, `b${i}`], teams: ["A", "B"] });
    if (credit !== null) starts.push({ userId, movieId: credit === "A" ? `a${i}` : `b${i}`, firstTime: time + 1 });
    window.recordList(time, userId, credit);
  }
  const preferences = userPreferences(lists, starts, { conversionWindowMs: WINDOW, preferenceWindowMs: WINDOW });
  for (const asOf of [100, 300, 500, 2_000]) {
    const { pending: _pending, ...expected } = tallyPreferences(preferences, asOf);
    expect(window.finalAt(asOf)).toEqual(expected);
  }
});
