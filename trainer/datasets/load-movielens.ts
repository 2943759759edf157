/**
 * Reads a MovieLens directory (I/O shell over readRatings). Pre-split folds
 * (`u{i}.base` / `u{i}.test`, as in ml-100k) are used as published so results
 * compare with the literature; otherwise the whole ratings file is split into
 * seeded folds.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { IdMap } from "./id-map.ts";
import type { Interactions } from "./interactions.ts";
import type { RatingLineRejection } from "./line-rejection.ts";
import type { RatingFileFormat } from "./parse-rating-line.ts";
import { readRatings } from "./read-ratings.ts";
import { assignFolds, splitFold } from "./split-folds.ts";

/** One train/test split with the id maps both halves share. */
export type MovielensFold = {
  readonly fold: number;
  readonly train: Interactions;
  readonly test: Interactions;
  /** Indices cover both halves, so an index may have no training rows (a cold user or item). */
  readonly users: IdMap;
  readonly items: IdMap;
  readonly rejections: (RatingLineRejection & { file: string })[];
};

const WHOLE_FILES: [string, RatingFileFormat][] = [["ratings.csv", "csv"], ["ratings.dat", "dat"], ["u.data", "tab"]];

/** Loads fold `fold` of `dir`; `count` and `seed` only matter for unsplit files. */
export async function loadMovielensFold(dir: string, fold: number, count: number, seed: number): Promise<MovielensFold> {
  const base = join(dir, `u${fold}.base`);
  const testPath = join(dir, `u${fold}.test`);
  if (existsSync(base) && existsSync(testPath)) {
    const train = readRatings(await Bun.file(base).text(), "tab");
    const test = readRatings(await Bun.file(testPath).text(), "tab", train);
    return {
      fold,
      train: train.interactions,
      test: test.interactions,
      users: train.users,
      items: train.items,
      rejections: [...tag(train.rejections, base), ...tag(test.rejections, testPath)],
    };
  }
  const whole = WHOLE_FILES.find(([name]) => existsSync(join(dir, name)));
  if (!whole) {
    throw new Error(`Cannot load MovieLens data from ${dir}: no u${fold}.base/u${fold}.test, ratings.csv, ratings.dat or u.data`);
  }
  const path = join(dir, whole[0]);
  const read = readRatings(await Bun.file(path).text(), whole[1]);
  const folds = assignFolds(read.interactions.length, count, mulberry32(seed));
  const { train, test } = splitFold(read.interactions, folds, fold);
  return { fold, train, test, users: read.users, items: read.items, rejections: tag(read.rejections, path) };
}

function tag(rejections: RatingLineRejection[], file: string): (RatingLineRejection & { file: string })[] {
  return rejections.map((r) => ({ ...r, file }));
}
