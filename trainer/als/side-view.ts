/**
 * One half of an ALS sweep seen from the side being solved: its ratings, its
 * own factors (written) and the other side's factors (read). Lets one kernel
 * serve both the user and the item sweep.
 */
import type { AlsState } from "./als-state.ts";
import type { SparseRows } from "./sparse-rows.ts";

export type Side = "users" | "items";

export type SideView = {
  readonly rows: SparseRows;
  readonly self: Float64Array;
  readonly selfBias: Float64Array;
  readonly other: Float64Array;
  readonly otherBias: Float64Array;
  readonly loss: Float64Array;
  /** Receives the data term per row when withData is set. */
  readonly dataLoss: Float64Array;
  /** True for the item sweep, which closes the iteration and so records the data term of the loss. */
  readonly withData: boolean;
};

/** Returns the view of `state` for solving `side`. */
export function sideView(state: AlsState, side: Side): SideView {
  return side === "users"
    ? {
      rows: state.byUser,
      self: state.userFactors,
      selfBias: state.userBias,
      other: state.itemFactors,
      otherBias: state.itemBias,
      loss: state.userLoss,
      dataLoss: state.itemDataLoss,
      withData: false,
    }
    : {
      rows: state.byItem,
      self: state.itemFactors,
      selfBias: state.itemBias,
      other: state.userFactors,
      otherBias: state.userBias,
      loss: state.itemLoss,
      dataLoss: state.itemDataLoss,
      withData: true,
    };
}
