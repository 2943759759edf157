import { describe, expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { conjugateGradient, createCgScratch } from "./conjugate-gradient.ts";
import { solveExplicitRowCg } from "./explicit-row-cg.ts";

const k = 4;
const random = mulberry32(3);
const other = Float64Array.from({ length: 6 * k }, () => random() - 0.5);
const otherBias = Float64Array.from({ length: 6 }, () => random() - 0.5);
const indices = Int32Array.from([0, 2, 3, 5]);
const values = Float32Array.from([5, 3, 4, 1]);
const row = { other, otherBias, indices, values, mu: 3.5, from: 0, to: 4, lam: 0.8, lamB: 0.3 };
const start = () => Float64Array.from([0.1, -0.2, 0.05, 0.3, 0.2]);

/** The same system through the general CG: b and A·v built separately. */
function generalCg(steps: number): Float64Array {
  const features = (e: number) => [...other.subarray(indices[e] * k, indices[e] * k + k), 1];
  const b = new Float64Array(k + 1);
  for (let e = 0; e < 4; e++) features(e).forEach((f, q) => (b[q] += (values[e] - 3.5 - otherBias[indices[e]]) * f));
  const matVec = (v: Float64Array, out: Float64Array) => {
    for (let q = 0; q <= k; q++) out[q] = (q < k ? 0.8 : 0.3) * v[q];
    for (let e = 0; e < 4; e++) {
      const f = features(e);
      const s = f.reduce((acc, x, q) => acc + x * v[q], 0);
      f.forEach((x, q) => (out[q] += s * x));
    }
  };
  const z = start();
  conjugateGradient(matVec, b, z, k + 1, steps, createCgScratch(k + 1));
  return z;
}

describe("solveExplicitRowCg()", () => {
  test("solveExplicitRowCg() takes the same steps as the general conjugate gradient", () => {
    for (const steps of [1, 3, 5]) {
      const z = start();
      solveExplicitRowCg(row, z, k, steps, createCgScratch(k + 1));
      const expected = generalCg(steps);
      for (let q = 0; q <= k; q++) expect(z[q]).toBeCloseTo(expected[q], 12);
    }
  });

  test("solveExplicitRowCg() returns the data term at the new solution", () => {
    const z = start();
    const data = solveExplicitRowCg(row, z, k, 3, createCgScratch(k + 1));
    let direct = 0;
    for (let e = 0; e < 4; e++) {
      let pred = 3.5 + otherBias[indices[e]] + z[k];
      for (let q = 0; q < k; q++) pred += other[indices[e] * k + q] * z[q];
      direct += (values[e] - pred) ** 2;
    }
    expect(data).toBeCloseTo(direct, 10);
  });
});
