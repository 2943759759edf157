import { expect, test } from "bun:test";
import { runSeed, selectScenarios } from "./select-scenarios.ts";

const all = [{ name: "aa_one" }, { name: "aa_two" }, { name: "ab_three" }];

test("selectScenarios() keeps the benchmark's order and takes all without a list", () => {
  expect(selectScenarios(all, undefined)).toEqual({ ok: true, scenarios: all });
  expect(selectScenarios(all, "ab_three, aa_one")).toEqual({ ok: true, scenarios: [all[0], all[2]] });
});

test("selectScenarios() names an unknown scenario and lists the known ones", () => {
  expect(selectScenarios(all, "aa_one,nope")).toEqual({ ok: false, message: '--scenarios: unknown scenario "nope"; known: aa_one, aa_two, ab_three' });
  expect(selectScenarios(all, ",")).toMatchObject({ ok: false });
});

test("runSeed() differs by run and repeats for the same base", () => {
  expect(runSeed(1, 0)).not.toBe(runSeed(1, 1));
  expect(runSeed(1, 5)).toBe(runSeed(1, 5));
  expect(runSeed(2, 0)).not.toBe(runSeed(1, 0));
});
