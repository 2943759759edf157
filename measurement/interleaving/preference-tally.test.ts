import { expect, test } from "bun:test";
import { tallyPreferences } from "./preference-tally.ts";
import type { Preference, UserPreference } from "./user-preference.ts";

const user = (userId: number, preference: Preference, finalAt: number): UserPreference => ({
  userId, preference, creditA: 0, creditB: 0, lists: 1, firstTime: 0, finalAt,
});

test("tallyPreferences() counts final users by preference and the rest as pending", () => {
  const users = [user(1, "A", 100), user(2, "B", 100), user(3, "B", 200), user(4, "tie", 50), user(5, "none", 100), user(6, "A", 101)];
  expect(tallyPreferences(users, 100)).toEqual({ preferA: 1, preferB: 1, ties: 1, noCredit: 1, pending: 2 });
  expect(tallyPreferences(users, 200)).toEqual({ preferA: 2, preferB: 2, ties: 1, noCredit: 1, pending: 0 });
});
