/**
 * A trained factor model in the precision it is shipped in: Float32, as the
 * artifact's binary factor files. Offline evaluation scores this same object,
 * so the metrics describe what serving will actually compute.
 */
import type { AlsState } from "./als-state.ts";

export type AlsModel = {
  readonly kind: "explicit" | "implicit";
  readonly rank: number;
  readonly nUsers: number;
  readonly nItems: number;
  /** Mean training rating (explicit); 0 for implicit. */
  readonly globalMean: number;
  /** Row-major nUsers × rank. */
  readonly userFactors: Float32Array;
  /** Row-major nItems × rank. */
  readonly itemFactors: Float32Array;
  /** Zero for the implicit model. */
  readonly userBias: Float32Array;
  readonly itemBias: Float32Array;
  /** Rating range predictions are clipped to; null for implicit scores. */
  readonly clip: readonly [number, number] | null;
};

/** Copies the learned factors of `state` into a Float32 model. */
export function modelFromState(state: AlsState, kind: AlsModel["kind"], clip: readonly [number, number] | null): AlsModel {
  return {
    kind,
    rank: state.rank,
    nUsers: state.nUsers,
    nItems: state.nItems,
    globalMean: state.globalMean,
    userFactors: Float32Array.from(state.userFactors),
    itemFactors: Float32Array.from(state.itemFactors),
    userBias: Float32Array.from(state.userBias),
    itemBias: Float32Array.from(state.itemBias),
    clip: kind === "explicit" ? clip : null,
  };
}
