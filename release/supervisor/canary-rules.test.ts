import { describe, expect, test } from "bun:test";
import { hash } from "../../shared/bucketing/index.ts";
import { resolveRequest, RULES_FORMAT_VERSION, RuleSet } from "../../shared/rules/index.ts";
import { CANARY_INTERLEAVED_ROUTE, CANARY_POOL, CANARY_ROUTE, canaryPercent, canarySalt, withCanary, withoutCanary, withStableVersion } from "./canary-rules.ts";

const base = RuleSet.parse({
  formatVersion: RULES_FORMAT_VERSION,
  version: 4,
  pools: { stable: { urls: ["http://127.0.0.1:8091"], modelVersion: "m1" }, beta: { urls: ["http://127.0.0.1:8095"], modelVersion: "m0" } },
  routes: [{ name: "testers", match: { users: [7] }, pool: "beta" }],
  defaultPool: "stable",
  experiments: [],
});
const canaryAt = (percent: number) => withCanary(base, { url: "http://127.0.0.1:8093", modelVersion: "m2", percent, salt: canarySalt(9) });
const poolOf = (rules: RuleSet, userId: number) => resolveRequest(rules, { userId, headers: {} }).pool;
const USERS = Array.from({ length: 5000 }, (_, i) => i + 100);

describe("canary rules", () => {
  test("withCanary adds the pool and puts its route first, keeping the other routes", () => {
    const rules = canaryAt(5);
    expect(rules.pools[CANARY_POOL]).toEqual({ urls: ["http://127.0.0.1:8093"], modelVersion: "m2" });
    expect(rules.routes.map((r) => r.name)).toEqual([CANARY_ROUTE, "testers"]);
    expect(canaryPercent(rules)).toBeCloseTo(5, 10);
  });

  test("the canary takes the users whose salted bucket is below the share, and they stay as it grows", () => {
    const at5 = new Set(USERS.filter((u) => poolOf(canaryAt(5), u) === CANARY_POOL));
    const at20 = new Set(USERS.filter((u) => poolOf(canaryAt(20), u) === CANARY_POOL));
    // 5 % of 5000 is 250; three standard deviations of a binomial are about 46.
    expect(Math.abs(at5.size - 250)).toBeLessThan(50);
    expect(Math.abs(at20.size - 1000)).toBeLessThan(90);
    for (const u of at5) expect(at20.has(u)).toBe(true);
    for (const u of at20) expect(hash(canarySalt(9), String(u), 2)!).toBeLessThan(0.2);
  });

  test("withCanary changes the share in place instead of adding a second route", () => {
    const rules = withCanary(canaryAt(5), { url: "http://127.0.0.1:8093", modelVersion: "m2", percent: 50, salt: canarySalt(9) });
    expect(rules.routes.filter((r) => r.name === CANARY_ROUTE)).toHaveLength(1);
    expect(canaryPercent(rules)).toBe(50);
    expect(USERS.every((u) => poolOf(withCanary(rules, { url: "http://127.0.0.1:8093", modelVersion: "m2", percent: 100, salt: canarySalt(9) }), u) === CANARY_POOL)).toBe(true);
  });

  test("withoutCanary restores the rules as they were before the release", () => {
    expect(withoutCanary(canaryAt(50))).toEqual(base);
    expect(withoutCanary(base)).toEqual(base);
  });

  test("withStableVersion labels the default pool with the promoted model and leaves the others", () => {
    const rules = withStableVersion(base, "m2");
    expect(rules.pools.stable.modelVersion).toBe("m2");
    expect(rules.pools.beta).toEqual(base.pools.beta);
  });

  const interleavedAt = (percent: number) =>
    withCanary(base, { url: "http://127.0.0.1:8093", modelVersion: "m2", percent, salt: canarySalt(9), interleaveShare: 0.5 });
  const interleavedUsers = (rules: RuleSet) =>
    new Set(USERS.filter((u) => resolveRequest(rules, { userId: u, headers: {} }).interleave !== undefined));

  test("withCanary puts the interleaved route first: stable as team A, the canary as team B, counted as the canary", () => {
    const rules = interleavedAt(20);
    expect(rules.routes.map((r) => r.name)).toEqual([CANARY_INTERLEAVED_ROUTE, CANARY_ROUTE, "testers"]);
    expect(rules.routes[0]).toEqual({
      name: CANARY_INTERLEAVED_ROUTE,
      match: { bucket: { salt: canarySalt(9), from: 0, to: 0.1 } },
      pool: CANARY_POOL,
      interleave: { a: "stable", b: CANARY_POOL },
    });
    expect(canaryPercent(rules)).toBeCloseTo(20, 10);
  });

  test("the interleaved users are the first share of the canary's users, counted in its pool, and stay interleaved as it grows", () => {
    const at5 = interleavedUsers(interleavedAt(5));
    const at20 = interleavedUsers(interleavedAt(20));
    const canaryAt20 = new Set(USERS.filter((u) => poolOf(interleavedAt(20), u) === CANARY_POOL));
    // Half of 5 % and of 20 % of 5000: 125 and 500, within about three standard deviations.
    expect(Math.abs(at5.size - 125)).toBeLessThan(35);
    expect(Math.abs(at20.size - 500)).toBeLessThan(65);
    for (const u of at5) expect(at20.has(u)).toBe(true);
    for (const u of at20) expect(canaryAt20.has(u)).toBe(true);
    // Interleaving takes canary users; it adds none: the canary's users are the plain canary's.
    expect(canaryAt20).toEqual(new Set(USERS.filter((u) => poolOf(canaryAt(20), u) === CANARY_POOL)));
  });

  test("withCanary without an interleave share removes an interleaved route a previous edit placed", () => {
    expect(withCanary(interleavedAt(20), { url: "http://127.0.0.1:8093", modelVersion: "m2", percent: 20, salt: canarySalt(9) })).toEqual(canaryAt(20));
  });

  test("withoutCanary removes the interleaved route with the canary's", () => {
    expect(withoutCanary(interleavedAt(50))).toEqual(base);
  });
});
