/**
 * The working memory of one ALS run: the ratings by user and by item, the
 * factors and biases being learned, the Gram matrix of the fixed side, and
 * per-row loss terms. Every array may live in shared memory so worker threads
 * update their own contiguous rows in place.
 */
import type { Interactions } from "../datasets/interactions.ts";
import { type Random } from "../../shared/random/mulberry32.ts";
import { gaussian } from "../../shared/random/gaussian.ts";
import { type Allocate, allocatePlain, buildSparseRows, type SparseRows } from "./sparse-rows.ts";

export type AlsState = {
  readonly rank: number;
  readonly nUsers: number;
  readonly nItems: number;
  /** Mean training value; the explicit model predicts offsets from it. */
  readonly globalMean: number;
  readonly byUser: SparseRows;
  readonly byItem: SparseRows;
  /** Row-major nUsers × rank. */
  readonly userFactors: Float64Array;
  /** Row-major nItems × rank. */
  readonly itemFactors: Float64Array;
  readonly userBias: Float64Array;
  readonly itemBias: Float64Array;
  /** rank × rank Gram matrix of the side held fixed (implicit model). */
  readonly gram: Float64Array;
  /** Loss terms per row, summed in row order so the total does not depend on the thread split. */
  readonly userLoss: Float64Array;
  readonly itemLoss: Float64Array;
  /** The data term alone of itemLoss (squared errors, or weighted errors for the implicit model). */
  readonly itemDataLoss: Float64Array;
};

/** Builds the state for `train` with seeded random factors; `withMean` subtracts the global mean. */
export function createAlsState(
  train: Interactions,
  shape: { nUsers: number; nItems: number; rank: number; initScale: number; withMean: boolean },
  random: Random,
  allocate: Allocate = allocatePlain,
): AlsState {
  const { nUsers, nItems, rank } = shape;
  const floats = (n: number) => new Float64Array(allocate(8 * n));
  let sum = 0;
  for (let e = 0; e < train.length; e++) sum += train.values[e];
  const state: AlsState = {
    rank,
    nUsers,
    nItems,
    globalMean: shape.withMean && train.length > 0 ? sum / train.length : 0,
    byUser: buildSparseRows(train.users, train.items, train.values, nUsers, allocate),
    byItem: buildSparseRows(train.items, train.users, train.values, nItems, allocate),
    userFactors: floats(nUsers * rank),
    itemFactors: floats(nItems * rank),
    userBias: floats(nUsers),
    itemBias: floats(nItems),
    gram: floats(rank * rank),
    userLoss: floats(nUsers),
    itemLoss: floats(nItems),
    itemDataLoss: floats(nItems),
  };
  const scale = shape.initScale / Math.sqrt(rank);
  for (let i = 0; i < state.userFactors.length; i++) state.userFactors[i] = gaussian(random) * scale;
  for (let i = 0; i < state.itemFactors.length; i++) state.itemFactors[i] = gaussian(random) * scale;
  return state;
}
