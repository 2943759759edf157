import { describe, expect, test } from "bun:test";
import { Matrix, solve } from "ml-matrix";
import { fitRidge } from "./fit-ridge.ts";

const x = Float64Array.from([1, 0.5, 2, 1, -1, 0.3, 1, 2, -0.7, 1, 0.1, 0.9, 1, -0.4, -1.5]);
const rowsOf = (flat: Float64Array) => Array.from({ length: flat.length / 3 }, (_, r) => Array.from(flat.subarray(r * 3, r * 3 + 3)));

describe("fitRidge()", () => {
  test("fitRidge() recovers exact weights from noiseless targets with no penalty", () => {
    const y = rowsOf(x).map(([a, b, c]) => 0.5 * a - 2 * b + 3 * c);
    const w = fitRidge(x, y, 3, 0);
    [0.5, -2, 3].forEach((v, p) => expect(w[p]).toBeCloseTo(v, 10));
  });

  test("fitRidge() matches ml-matrix's solve of the penalised normal equations", () => {
    const y = [1, 2, 3, 4, 5];
    const m = new Matrix(rowsOf(x));
    const expected = solve(m.transpose().mmul(m).add(Matrix.eye(3, 3).mul(0.7)), m.transpose().mmul(Matrix.columnVector(y))).to1DArray();
    const w = fitRidge(x, y, 3, 0.7);
    expected.forEach((v, p) => expect(w[p]).toBeCloseTo(v, 10));
  });

  test("fitRidge() rejects a design of the wrong size", () => {
    expect(() => fitRidge(x, [1, 2], 3, 1)).toThrow("Cannot fit ridge weights: X has 15 entries, expected 2 × 3");
  });
});
