import { describe, expect, test } from "bun:test";
import { Matrix, solve } from "ml-matrix";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { DEFAULT_ALS_CONFIG } from "./als-config.ts";
import { createAlsState } from "./als-state.ts";
import { solveExplicitRows } from "./solve-explicit-rows.ts";

describe("solveExplicitRows()", () => {
  test("solveExplicitRows() matches the normal equations built and solved with ml-matrix", () => {
    const builder = new InteractionsBuilder();
    const rows: [number, number, number][] = [[0, 0, 5], [0, 1, 3], [0, 3, 4], [1, 1, 1], [1, 2, 2]];
    for (const [u, i, v] of rows) builder.push(u, i, v, 0);
    const k = 3;
    const state = createAlsState(builder.build(), { nUsers: 2, nItems: 4, rank: k, initScale: 1, withMean: true }, mulberry32(5));
    state.itemBias.set([0.1, -0.2, 0.3, 0]);
    const params = { ...DEFAULT_ALS_CONFIG, lambda: 0.5, biasLambda: 0.25, lambdaExponent: 1, solver: "cholesky" as const };
    solveExplicitRows(state, "users", params, 0, 2);

    // Reference for user 0: features [y_i, 1], target r − μ − b_i, ridge λ·n on x and λ_b·n on b.
    const mu = 15 / 5;
    const items = [0, 1, 3];
    const features = new Matrix(items.map((i) => [...state.itemFactors.subarray(i * k, i * k + k), 1]));
    const targets = Matrix.columnVector(items.map((i, n) => [5, 3, 4][n] - mu - state.itemBias[i]));
    const reg = Matrix.diag([1.5, 1.5, 1.5, 0.75]);
    const expected = solve(features.transpose().mmul(features).add(reg), features.transpose().mmul(targets)).to1DArray();
    for (let p = 0; p < k; p++) expect(state.userFactors[p]).toBeCloseTo(expected[p], 10);
    expect(state.userBias[0]).toBeCloseTo(expected[k], 10);
  });
});
