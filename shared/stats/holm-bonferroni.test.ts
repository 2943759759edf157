import { expect, test } from "bun:test";
import { holmBonferroni } from "./holm-bonferroni.ts";

test("holmBonferroni() adjusts a known set of four p-values by hand", () => {
  // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, max(0.04·1, 0.06) = 0.06.
  // (R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") = 0.03 0.06 0.06 0.02.)
  const adjusted = holmBonferroni([0.01, 0.04, 0.03, 0.005]);
  expect(adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
});

test("holmBonferroni() caps at 1 and leaves a single p-value alone", () => {
  expect(holmBonferroni([0.5, 0.6])).toEqual([1, 1]);
  expect(holmBonferroni([0.04])).toEqual([0.04]);
  expect(holmBonferroni([])).toEqual([]);
});

test("holmBonferroni() rejects what Bonferroni rejects and sometimes more", () => {
  // Bonferroni at 0.05 with m = 3 needs p < 0.0167: only 0.01 passes. Holm: 0.03, 0.04, 0.04 → all pass.
  const adjusted = holmBonferroni([0.01, 0.02, 0.04]);
  expect(adjusted.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.04, 0.04]);
});
