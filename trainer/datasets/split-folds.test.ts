import { describe, expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { InteractionsBuilder } from "./interactions.ts";
import { assignFolds, splitFold } from "./split-folds.ts";

describe("assignFolds()", () => {
  test("assignFolds() balances folds and repeats for the same seed", () => {
    const folds = assignFolds(11, 5, mulberry32(1));
    const sizes = [1, 2, 3, 4, 5].map((f) => folds.filter((x) => x === f).length);
    expect(sizes.sort()).toEqual([2, 2, 2, 2, 3]);
    expect(assignFolds(11, 5, mulberry32(1))).toEqual(folds);
  });

  test("splitFold() puts each row in exactly one of train and test", () => {
    const builder = new InteractionsBuilder();
    for (let i = 0; i < 10; i++) builder.push(i, i, 3, i);
    const data = builder.build();
    const folds = assignFolds(10, 2, mulberry32(2));
    const { train, test } = splitFold(data, folds, 1);
    expect(train.length + test.length).toBe(10);
    expect([...train.users, ...test.users].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
