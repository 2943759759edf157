/**
 * Loads one train/test fold from a dataset source (I/O). MovieLens is read
 * here; movielog files and event-store snapshots get their loaders from the
 * ingestion and snapshot packages and plug into this switch.
 */
import type { Interactions } from "../datasets/interactions.ts";
import { loadMovielensFold } from "../datasets/load-movielens.ts";
import type { DatasetSource } from "./dataset-source.ts";

export type FoldData = {
  readonly train: Interactions;
  readonly test: Interactions;
  readonly nUsers: number;
  readonly nItems: number;
  /** Lines of the source that did not become rows (each kept with its reason by the reader). */
  readonly rejectedLines: number;
};

/** Loads fold `fold` of `count` (count and seed matter only for sources that are not pre-split). */
export type FoldLoader = (fold: number, count: number, seed: number) => Promise<FoldData>;

/** The loader for `source`; throws for sources this package cannot read yet. */
export function foldLoader(source: DatasetSource): FoldLoader {
  switch (source.kind) {
    case "movielens":
      return async (fold, count, seed) => {
        const data = await loadMovielensFold(source.dir, fold, count, seed);
        return {
          train: data.train,
          test: data.test,
          nUsers: data.users.size,
          nItems: data.items.size,
          rejectedLines: data.rejections.length,
        };
      };
    case "events":
    case "movielog":
    case "snapshot":
      // These sources are time-ordered event data: they are evaluated with a
      // time-based split by a production run (no --folds), not by random folds.
      throw new Error(`--folds reads MovieLens folds; --dataset ${source.kind} trains without --folds (time-based split)`);
  }
}
