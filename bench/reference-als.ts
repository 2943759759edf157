/**
 * A plain ml-matrix ALS, kept as the yardstick for trainer/als: for every
 * row it gathers the other side's factors into a Matrix, builds the normal
 * equations with Matrix operations and solves them with ml-matrix's Cholesky.
 * Same model as the explicit kernel (biases learned in the sweep, weighted λ),
 * written for clarity, not speed.
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import type { Interactions } from "../trainer/datasets/interactions.ts";

export type ReferenceState = {
  readonly rank: number;
  readonly globalMean: number;
  /** Per user: rated items and values; per item: raters and values. */
  readonly byUser: { items: number[]; values: number[] }[];
  readonly byItem: { items: number[]; values: number[] }[];
  readonly userFactors: Matrix;
  readonly itemFactors: Matrix;
  readonly userBias: number[];
  readonly itemBias: number[];
};

/** Builds reference state from interactions and initial factors (copied from Float64Arrays). */
export function createReferenceState(
  train: Interactions,
  shape: { nUsers: number; nItems: number; rank: number },
  init: { userFactors: Float64Array; itemFactors: Float64Array },
): ReferenceState {
  const byUser = Array.from({ length: shape.nUsers }, () => ({ items: [] as number[], values: [] as number[] }));
  const byItem = Array.from({ length: shape.nItems }, () => ({ items: [] as number[], values: [] as number[] }));
  let sum = 0;
  for (let e = 0; e < train.length; e++) {
    byUser[train.users[e]].items.push(train.items[e]);
    byUser[train.users[e]].values.push(train.values[e]);
    byItem[train.items[e]].items.push(train.users[e]);
    byItem[train.items[e]].values.push(train.values[e]);
    sum += train.values[e];
  }
  const k = shape.rank;
  const toMatrix = (flat: Float64Array, n: number) =>
    new Matrix(Array.from({ length: n }, (_, i) => Array.from(flat.subarray(i * k, i * k + k))));
  return {
    rank: k,
    globalMean: sum / train.length,
    byUser,
    byItem,
    userFactors: toMatrix(init.userFactors, shape.nUsers),
    itemFactors: toMatrix(init.itemFactors, shape.nItems),
    userBias: new Array(shape.nUsers).fill(0),
    itemBias: new Array(shape.nItems).fill(0),
  };
}

/** One full sweep (users, then items) with exact solves. */
export function referenceIteration(state: ReferenceState, params: { lambda: number; biasLambda: number; lambdaExponent: number }): void {
  sweep(state, state.byUser, state.userFactors, state.userBias, state.itemFactors, state.itemBias, params);
  sweep(state, state.byItem, state.itemFactors, state.itemBias, state.userFactors, state.userBias, params);
}

function sweep(
  state: ReferenceState,
  rows: { items: number[]; values: number[] }[],
  self: Matrix,
  selfBias: number[],
  other: Matrix,
  otherBias: number[],
  params: { lambda: number; biasLambda: number; lambdaExponent: number },
): void {
  const k = state.rank;
  rows.forEach((row, r) => {
    const n = row.items.length;
    if (n === 0) return;
    const features = new Matrix(row.items.map((j) => [...other.getRow(j), 1]));
    const targets = Matrix.columnVector(row.items.map((j, e) => row.values[e] - state.globalMean - otherBias[j]));
    const weight = n ** params.lambdaExponent;
    const reg = Matrix.diag([...new Array(k).fill(params.lambda * weight), params.biasLambda * weight]);
    const a = features.transpose().mmul(features).add(reg);
    const b = features.transpose().mmul(targets);
    const solution = new CholeskyDecomposition(a).solve(b).to1DArray();
    self.setRow(r, solution.slice(0, k));
    selfBias[r] = solution[k];
  });
}
