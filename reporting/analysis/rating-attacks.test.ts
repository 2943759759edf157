import { expect, test } from "bun:test";
import type { AnalysisInput } from "./analysis-input.ts";
import { priorActivity } from "./prior-activity.ts";
import { detectRatingAttacks } from "./rating-attacks.ts";

const MIN = 60_000;

/** 50 regular users watch and rate "hit" over 10 hours; an obscure movie gets `shills` fresh 5-star accounts at hour 5. */
function scenario(shills: number): AnalysisInput {
  const input: AnalysisInput = { from: 0, to: 600 * MIN, recommendations: [], watches: [], ratings: [] };
  for (let u = 1; u <= 50; u++) {
    const t = u * 11 * MIN;
    input.recommendations.push({ time: t, userId: u, items: ["hit", "obscure"] });
    input.watches.push({ time: t + MIN, userId: u, movieId: "hit" });
    input.ratings.push({ time: t + 100 * MIN > 599 * MIN ? t + 2 * MIN : t + 100 * MIN, userId: u, movieId: "hit", rating: 5 });
  }
  for (let s = 0; s < shills; s++) input.ratings.push({ time: 300 * MIN + s * 3 * MIN, userId: 10_000 + s, movieId: "obscure", rating: 5 });
  input.recommendations.sort((a, b) => a.time - b.time);
  input.watches.sort((a, b) => a.time - b.time);
  input.ratings.sort((a, b) => a.time - b.time);
  return input;
}

test("priorActivity() counts a user's events strictly before a time", () => {
  const activity = priorActivity(scenario(0));
  expect([activity(1, 11 * MIN), activity(1, 11 * MIN + 1), activity(1, 13 * MIN), activity(1, 1e9), activity(7777, 1e9)]).toEqual([0, 1, 2, 3, 0]);
});

test("detectRatingAttacks() flags fresh accounts piling 5 stars onto one movie", () => {
  const result = detectRatingAttacks(scenario(12));
  expect(result.flagged).toBe(true);
  expect(result.attacks).toHaveLength(1);
  const [attack] = result.attacks;
  expect(attack).toMatchObject({ movieId: "obscure", accounts: 12, accountsWithoutWatch: 12 });
  expect(attack.exampleAccounts.slice(0, 3)).toEqual([10_000, 10_001, 10_002]);
  expect(Date.parse(attack.from)).toBeLessThanOrEqual(300 * MIN);
  expect(Date.parse(attack.to)).toBeGreaterThanOrEqual(333 * MIN);
  expect(attack.score).toBeGreaterThan(5);
});

test("detectRatingAttacks() leaves regular raters and a handful of new accounts alone", () => {
  expect(detectRatingAttacks(scenario(0)).flagged).toBe(false);
  expect(detectRatingAttacks(scenario(4))).toMatchObject({ flagged: false, attacks: [] });
});
