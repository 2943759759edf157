/**
 * Properties of experiment assignment over a whole rules document, checked exhaustively on
 * user ids 0..19,999: stickiness across reloads and added experiments, mutual exclusion
 * within a layer, and independence across layers. Per-experiment splits and coverage
 * growth are in assign-variant.test.ts.
 */
import { expect, test } from "bun:test";
import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";
import type { Experiment } from "./experiment.ts";
import { parseRuleSet } from "./parse-rule-set.ts";
import { resolveRequest } from "./resolve-request.ts";
import { RuleSet } from "./rule-set.ts";

const USERS = 20_000;
const userIds = Array.from({ length: USERS }, (_, i) => i);

const experiment = (key: string, namespace: Experiment["namespace"], coverage = 1): Experiment => ({
  key,
  namespace,
  seed: `${key}-seed`,
  coverage,
  status: "running",
  variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5 }],
});

const rules = RuleSet.parse({
  formatVersion: 1,
  version: 3,
  pools: { stable: { urls: ["http://worker-1:8080"], modelVersion: "als-1" } },
  routes: [],
  defaultPool: "stable",
  experiments: [
    experiment("ranker", ["home", 0, 0.4], 0.8),
    experiment("rows", ["home", 0.4, 0.7]),
    experiment("rerank", ["list", 0, 1], 0.5),
  ],
});

/** Each user's assignments as "experiment=variant" strings, in rules order. */
function assignments(document: RuleSet): string[][] {
  return userIds.map((userId) =>
    resolveRequest(document, { userId, headers: {} }).assignments.map((a) =>
      `${a.experiment}=${a.variant}`
    )
  );
}

test("resolveRequest() keeps every user's variants when the rules are stored, re-read and re-parsed", () => {
  const reloaded = parseRuleSet({ ...JSON.parse(JSON.stringify(rules)), version: 4 });
  if (!reloaded.ok) throw new Error(`re-parse refused the rules: ${reloaded.errors.join("; ")}`);
  expect(assignments(reloaded.rules)).toEqual(assignments(rules));
});

test("resolveRequest() keeps every user's variants when experiments are added in a free slice and a new layer", () => {
  const extended = RuleSet.parse({
    ...rules,
    experiments: [
      experiment("banner", ["home", 0.7, 1]),
      ...rules.experiments,
      experiment("explain", undefined),
    ],
  });
  const before = assignments(rules);
  const others = (list: string[]) => list.filter((a) => !/^(banner|explain)=/.test(a));
  expect(assignments(extended).map(others)).toEqual(before);
});

test("resolveRequest() enrols each user in exactly one experiment of a layer whose disjoint slices tile it", () => {
  const tiled = RuleSet.parse({
    ...rules,
    experiments: [
      experiment("a", ["home", 0, 0.3]),
      experiment("b", ["home", 0.3, 0.65]),
      experiment("c", ["home", 0.65, 1]),
    ],
  });
  const perUser = assignments(tiled).map((list) => list.length);
  expect(perUser.filter((n) => n !== 1)).toEqual([]);
});

test("resolveRequest() assigns variants in different layers independently (2×2 chi-square, p > 0.001)", () => {
  const layered = RuleSet.parse({
    ...rules,
    experiments: [experiment("left", ["layer-a", 0, 1]), experiment("right", ["layer-b", 0, 1])],
  });
  // table[i][j]: users with variant i in "left" and variant j in "right".
  const table = [[0, 0], [0, 0]];
  for (const list of assignments(layered)) {
    const [i, j] = list.map((a) => (a.endsWith("=control") ? 0 : 1));
    table[i][j] += 1;
  }
  const rowSums = table.map((row) => row[0] + row[1]);
  const colSums = [0, 1].map((j) => table[0][j] + table[1][j]);
  let chiSquare = 0;
  for (const i of [0, 1]) {
    for (const j of [0, 1]) {
      const expected = rowSums[i] * colSums[j] / USERS;
      chiSquare += (table[i][j] - expected) ** 2 / expected;
    }
  }
  const pValue = 1 - chisquareCdf(chiSquare, 1);
  expect(rowSums[0] + rowSums[1]).toBe(USERS);
  expect({ table, pValue: pValue > 0.001 }).toEqual({ table, pValue: true });
});
