import { describe, expect, test } from "bun:test";
import { Matrix, solve } from "ml-matrix";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { choleskySolve } from "./cholesky-solve.ts";
import { conjugateGradient, createCgScratch } from "./conjugate-gradient.ts";

function spdSystem(d: number, seed: number) {
  const random = mulberry32(seed);
  const m = Matrix.rand(d + 3, d, { random });
  const a = m.transpose().mmul(m).add(Matrix.eye(d, d).mul(0.1));
  const b = Float64Array.from({ length: d }, () => random() - 0.5);
  return { a, b };
}

describe("choleskySolve()", () => {
  test("choleskySolve() agrees with ml-matrix's solve on an SPD system", () => {
    const { a, b } = spdSystem(12, 1);
    const x = Float64Array.from(b);
    expect(choleskySolve(Float64Array.from(a.to1DArray()), x, 12)).toBe(true);
    const expected = solve(a, Matrix.columnVector(Array.from(b))).to1DArray();
    for (let i = 0; i < 12; i++) expect(x[i]).toBeCloseTo(expected[i], 9);
  });

  test("choleskySolve() reports a matrix that is not positive definite", () => {
    expect(choleskySolve(Float64Array.from([1, 2, 2, 1]), new Float64Array(2), 2)).toBe(false);
  });

  test("conjugateGradient() reaches the Cholesky solution given d steps", () => {
    const { a, b } = spdSystem(8, 2);
    const flat = a.to1DArray();
    const exact = Float64Array.from(b);
    choleskySolve(Float64Array.from(flat), exact, 8);
    const x = new Float64Array(8);
    const matVec = (input: Float64Array, output: Float64Array) => {
      for (let p = 0; p < 8; p++) {
        let s = 0;
        for (let q = 0; q < 8; q++) s += flat[p * 8 + q] * input[q];
        output[p] = s;
      }
    };
    conjugateGradient(matVec, b, x, 8, 16, createCgScratch(8));
    for (let i = 0; i < 8; i++) expect(x[i]).toBeCloseTo(exact[i], 6);
  });
});
