import assert from "node:assert/strict";
import { chartGeometry } from "./chart-geometry.ts";
import { chartWindow } from "./chart-window.ts";

const BOX = { width: 108, height: 120, left: 0, top: 10, bottom: 10 };

Deno.test("chartGeometry() spaces values evenly, 100 % at the top and 0 % at the bottom", () => {
  const geometry = chartGeometry([1, 0.5, 0], BOX);
  assert.deepEqual(geometry.plot, { x: 0, y: 10, width: 100, height: 100 });
  assert.deepEqual(geometry.dots, [
    { index: 0, cx: 0, cy: 10 },
    { index: 1, cx: 50, cy: 60 },
    { index: 2, cx: 100, cy: 110 },
  ]);
  assert.equal(geometry.line, "M0 10L50 60L100 110");
});

Deno.test("chartGeometry() breaks the line at a bucket without data and draws no line to a lone point", () => {
  const geometry = chartGeometry([0.9, 0.8, null, 1, null, 0.5, 0.5], { ...BOX, width: 68 });
  assert.equal(geometry.line, "M0 20L10 30M50 60L60 60");
  assert.deepEqual(geometry.dots.map((d) => d.index), [0, 1, 3, 5, 6]);
});

Deno.test("chartGeometry() centres a single value and clamps shares outside [0, 1]", () => {
  assert.deepEqual(chartGeometry([1.5], BOX).dots, [{ index: 0, cx: 50, cy: 10 }]);
  assert.deepEqual(chartGeometry([0.2, -1], BOX).dots.map((d) => d.cy), [90, 110]);
});

Deno.test("chartGeometry() draws grid lines at every quarter", () => {
  assert.deepEqual(chartGeometry([], BOX).grid, [
    { y: 110, label: "0 %" },
    { y: 85, label: "25 %" },
    { y: 60, label: "50 %" },
    { y: 35, label: "75 %" },
    { y: 10, label: "100 %" },
  ]);
});

Deno.test("chartWindow() ends with the bucket holding `end`, aligned to the bucket size", () => {
  assert.deepEqual(chartWindow(1_000_000, 1, 300_000), { from: -2_400_000, to: 1_200_000 });
  assert.deepEqual(chartWindow(1_200_000, 1, 300_000), { from: -2_100_000, to: 1_500_000 });
});

Deno.test("chartWindow() refuses hours that are not a whole number of buckets", () => {
  assert.throws(
    () => chartWindow(0, 1, 7 * 60_000),
    /Cannot build a chart window of 1 h in buckets of 420000 ms/,
  );
  assert.throws(() => chartWindow(0, 0, 300_000), /must be a positive whole number of buckets/);
});
