import { expect, test } from "bun:test";
import { mixturePrecision } from "../../shared/stats/mixture-half-width.ts";
import { preferenceMixtureShape } from "../../shared/stats/preference-sequence.ts";
import { oracleList } from "../../simulator/oracle/oracle-list.ts";
import { createWorld } from "../../simulator/world/create-world.ts";
import { type PairSetting, pairSimulator } from "./run-pair.ts";

const world = createWorld(5, { users: 1_500, movies: 400 });
const oracle = new Map<number, readonly string[]>();
const setting: PairSetting = {
  world,
  catalogue: world.movies.map((m) => m.profile.id),
  goodList: (u) => oracle.get(u) ?? oracle.set(u, oracleList(world, u + 1, 20)).get(u)!,
  swapShare: 1, // the weaker model is all random: both tests must find it within the cap
  aa: false,
  alpha: 0.05,
  abRho2: mixturePrecision(0.05, 500),
  preferenceShape: preferenceMixtureShape(0.05, 200),
  userCap: 1_500,
  conversionWindowMs: 600_000,
  requestsPerDay: 3,
  failingShare: 0.01,
};

test("pairSimulator() finds an all-random model worse with both tests, on whichever side it is", () => {
  const run = pairSimulator(setting);
  for (const seed of [2, 3]) {
    const r = run(seed);
    expect(r.better).toBe(seed % 2 === 0 ? "A" : "B");
    expect(r.interleavingVerdict).toBe(`${r.better} preferred`);
    expect(r.abDirection).toBe(r.better);
    expect(r.interleavingUsers).not.toBeNull();
    expect(r.abUsers).not.toBeNull();
    // Every user who entered the interleaved test is counted once, by preference.
    expect(r.preferA + r.preferB + r.ties + r.noCredit).toBe(r.interleavingUsers!);
  }
});

test("pairSimulator() in A/A runs only the interleaving test, up to the cap when it stays inconclusive", () => {
  const r = pairSimulator({ ...setting, aa: true, swapShare: 0.1, userCap: 300 })(4);
  expect(r.abUsers).toBeNull();
  expect(r.abDirection).toBeNull();
  if (r.interleavingVerdict === "inconclusive") expect(r.preferA + r.preferB + r.ties + r.noCredit).toBe(300);
  else expect(r.interleavingUsers).not.toBeNull();
});

test("pairSimulator() gives the same run for the same seed", () => {
  const run = pairSimulator({ ...setting, swapShare: 0.3, userCap: 200 });
  expect(run(8)).toEqual(run(8));
});
