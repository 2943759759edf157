import { expect, test } from "bun:test";
import { ageBand } from "../../shared/users/age-band.ts";
import type { AnalysisInput } from "./analysis-input.ts";
import { analyseFairness } from "./fairness-by-group.ts";
import type { UserAttributes } from "./user-attributes.ts";

test("ageBand() uses the MovieLens bands", () => {
  expect([12, 18, 24, 25, 34, 50, 64, 65, 90].map(ageBand)).toEqual(["under 18", "18-24", "18-24", "25-34", "25-34", "45-54", "55-64", "65+", "65+"]);
});

/** 40 men who convert every other list and 40 women who convert every list; user 999 is unknown. */
function scenario(): { input: AnalysisInput; users: Map<number, UserAttributes> } {
  const input: AnalysisInput = { from: 0, to: 1e7, recommendations: [], watches: [], ratings: [] };
  const users = new Map<number, UserAttributes>();
  for (let u = 1; u <= 80; u++) {
    const woman = u > 40;
    users.set(u, { user_id: u, age: 30, occupation: "scientist", gender: woman ? "F" : "M" });
    for (let k = 0; k < 10; k++) {
      const time = u * 100_000 + k * 1000;
      input.recommendations.push({ time, userId: u, items: [`m${k}`] });
      if (woman || k % 2 === 0) input.watches.push({ time: time + 10, userId: u, movieId: `m${k}` });
    }
  }
  input.recommendations.push({ time: 9e6, userId: 999, items: ["m1"] });
  input.recommendations.sort((a, b) => a.time - b.time);
  input.watches.sort((a, b) => a.time - b.time);
  return { input, users };
}

test("analyseFairness() flags a group converting far below the rest", () => {
  const { input, users } = scenario();
  const result = analyseFairness(input, users);
  expect(result).toMatchObject({ users: 80, usersWithoutAttributes: 1, requests: 800, conversion: 0.75, flagged: true });
  const men = result.groups.find((g) => g.dimension === "gender" && g.group === "M")!;
  expect(men).toMatchObject({ users: 40, userShare: 0.5, exposureShare: 0.5, requests: 400, conversion: 0.5, gap: -0.25, flagged: true });
  expect(men.z).toBeCloseTo(-0.5 / Math.sqrt(0.75 * 0.25 * (2 / 400)), 9);
  // One band and one occupation hold everyone: nothing to compare them with.
  expect(result.groups.find((g) => g.dimension === "ageBand")).toMatchObject({ group: "25-34", gap: 0, z: 0, flagged: false });
  expect(result.reason).toContain("gender=M converts 50.0% vs 75.0% overall");
});

test("analyseFairness() does not judge groups below the minimum size", () => {
  const { input, users } = scenario();
  const result = analyseFairness(input, users, { conversionGap: 0.05, minZ: 3, minGroupUsers: 41 });
  expect(result.flagged).toBe(false);
});
