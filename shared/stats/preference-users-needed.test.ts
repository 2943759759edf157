import { expect, test } from "bun:test";
import { logPreferenceMixture, preferenceMixtureShape, preferenceVerdict } from "./preference-sequence.ts";
import { preferenceUsersNeeded } from "./preference-users-needed.ts";

const SHAPE = preferenceMixtureShape(0.05, 2_000);

type Users = { preferA: number; preferB: number; withoutPreference: number };

/** Today's share and fraction with a preference, carried to `total` users. */
function expectedCounts(users: Users, total: number, round: (x: number) => number = (x) => x) {
  const withPreference = users.preferA + users.preferB;
  const n = round(total * withPreference / (withPreference + users.withoutPreference));
  const preferB = round(n * users.preferB / withPreference);
  return { preferA: n - preferB, preferB };
}
const conclusive = (users: Users, total: number) => logPreferenceMixture(expectedCounts(users, total), SHAPE, 0.5) >= -Math.log(0.05);

const cases: Users[] = [
  { preferA: 45, preferB: 55, withoutPreference: 100 },
  { preferA: 60, preferB: 40, withoutPreference: 0 },
  { preferA: 7, preferB: 13, withoutPreference: 31 },
  { preferA: 480, preferB: 520, withoutPreference: 2_000 },
  { preferA: 1, preferB: 2, withoutPreference: 0 },
];
for (const users of cases) {
  test(`preferenceUsersNeeded() of ${JSON.stringify(users)} is the first size whose expected counts are conclusive`, () => {
    const needed = preferenceUsersNeeded(users, 0.05, SHAPE)!;
    const current = users.preferA + users.preferB + users.withoutPreference;
    expect(needed).toBeGreaterThan(current);
    for (let total = current; total < needed; total++) expect(conclusive(users, total)).toBe(false);
    expect(conclusive(users, needed)).toBe(true);
    // preferenceVerdict on whole counts agrees 3% either side, where rounding to whole users no longer matters.
    const side = users.preferB > users.preferA ? "B preferred" : "A preferred";
    const margin = Math.ceil(needed * 0.03);
    expect(preferenceVerdict(expectedCounts(users, needed + margin, Math.round), 0.05, SHAPE)).toBe(side);
    expect(preferenceVerdict(expectedCounts(users, needed - margin, Math.round), 0.05, SHAPE)).toBe("inconclusive");
  });
}

test("preferenceUsersNeeded() needs more users when fewer users have a preference", () => {
  const all = preferenceUsersNeeded({ preferA: 45, preferB: 55, withoutPreference: 0 }, 0.05, SHAPE)!;
  const half = preferenceUsersNeeded({ preferA: 45, preferB: 55, withoutPreference: 100 }, 0.05, SHAPE)!;
  expect(half / all).toBeCloseTo(2, 1);
});

test("preferenceUsersNeeded() is today's total once the counts are conclusive", () => {
  const users = { preferA: 450, preferB: 550, withoutPreference: 30 };
  expect(preferenceVerdict(users, 0.05, SHAPE)).toBe("B preferred");
  expect(preferenceUsersNeeded(users, 0.05, SHAPE)).toBe(1_030);
});

test("preferenceUsersNeeded() is null without a preference, at exactly one half, or beyond the cap", () => {
  expect(preferenceUsersNeeded({ preferA: 0, preferB: 0, withoutPreference: 40 }, 0.05, SHAPE)).toBeNull();
  expect(preferenceUsersNeeded({ preferA: 30, preferB: 30, withoutPreference: 5 }, 0.05, SHAPE)).toBeNull();
  expect(preferenceUsersNeeded({ preferA: 500, preferB: 501, withoutPreference: 0 }, 0.05, SHAPE, 100_000)).toBeNull();
  expect(preferenceUsersNeeded({ preferA: 500, preferB: 501, withoutPreference: 0 }, 0.05, SHAPE)).toBeGreaterThan(100_000);
});

test("preferenceUsersNeeded() refuses counts it cannot mean", () => {
  expect(() => preferenceUsersNeeded({ preferA: 1, preferB: 2, withoutPreference: -1 }, 0.05, SHAPE)).toThrow(
    "withoutPreference must be a whole number ≥ 0: current value is -1",
  );
  expect(() => preferenceUsersNeeded({ preferA: 1.5, preferB: 2, withoutPreference: 0 }, 0.05, SHAPE)).toThrow(
    "current value of preferA is 1.5",
  );
});
