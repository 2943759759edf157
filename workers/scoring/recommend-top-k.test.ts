import { describe, expect, test } from "bun:test";
import { recommendTopK } from "./recommend-top-k.ts";
import { CIRCLE, tinyServingModel } from "./testing/tiny-serving-model.ts";

const circle = tinyServingModel(CIRCLE);

describe("recommendTopK", () => {
  test("recommendTopK() ranks movies by the dot product of user and item factors", () => {
    expect(recommendTopK(circle, 10, 3, {})).toEqual({ ids: ["a", "b", "d"], source: "model" });
  });

  test("recommendTopK() excludes movies the user already watched or rated", () => {
    expect(recommendTopK(circle, 30, 5, {})).toEqual({ ids: ["b", "d", "e"], source: "model" });
  });

  test("recommendTopK() breaks equal scores by item order", () => {
    expect(recommendTopK(circle, 20, 5, {}).ids).toEqual(["c", "d", "b", "a", "e"]);
  });

  test("recommendTopK() answers an unknown user with the popular list", () => {
    expect(recommendTopK(circle, 99, 2, {})).toEqual({ ids: ["d", "c"], source: "popular" });
  });

  test("recommendTopK() answers a user who has seen every movie with the popular list", () => {
    expect(recommendTopK(circle, 40, 3, {})).toEqual({ ids: ["d", "c", "a"], source: "popular" });
  });

  test("recommendTopK() adds the item bias to the dot product", () => {
    const biased = tinyServingModel({ ...CIRCLE, itemBias: { e: 3 } });
    expect(recommendTopK(biased, 10, 3, {}).ids).toEqual(["e", "a", "b"]);
  });

  test("recommendTopK() mixes the normalised model score with popularity when popularityBlend is set", () => {
    // user 10, normalised: a 1, b .9, c .5, d .8, e 0; popularity: d 1, c .8, a .6, b .4, e .2
    expect(recommendTopK(circle, 10, 5, { popularityBlend: 0.25 }).ids).toEqual(["a", "d", "b", "c", "e"]);
    expect(recommendTopK(circle, 10, 5, { popularityBlend: 1 }).ids).toEqual(["d", "c", "a", "b", "e"]);
    expect(recommendTopK(circle, 30, 5, { popularityBlend: 1 }).ids).toEqual(["d", "b", "e"]);
  });

  test("recommendTopK() re-ranks for diversity with MMR when rerank is mmr", () => {
    // After a, e (opposite direction) is the least similar; then c (orthogonal to both).
    expect(recommendTopK(circle, 10, 3, { rerank: "mmr", mmrLambda: 0.5 }).ids).toEqual(["a", "e", "c"]);
    expect(recommendTopK(circle, 10, 3, { rerank: "mmr", mmrLambda: 0.9 }).ids).toEqual(["a", "b", "d"]);
    expect(recommendTopK(circle, 10, 3, { rerank: "mmr", mmrLambda: 0 }).ids).toEqual(["a", "e", "c"]);
  });

  test("recommendTopK() uses mmrLambda 0.7 when MMR is on and the lambda is absent", () => {
    // λ .7 after a: b .63-.24=.39, d .56-.18=.38, c .35, e .3; then d .56-.288=.272, c .35-.18=.17
    expect(recommendTopK(circle, 10, 3, { rerank: "mmr" }).ids).toEqual(["a", "b", "d"]);
    expect(recommendTopK(circle, 10, 3, { rerank: "none" }).ids).toEqual(["a", "b", "d"]);
  });

  test("recommendTopK() combines popularity blending and MMR", () => {
    // candidates by popularity d, c, a, b, e (relevance 1, .75, .5, .25, 0); λ .5 after d: c .375-.4, a .25-.3, e 0+.3
    expect(recommendTopK(circle, 10, 2, { popularityBlend: 1, rerank: "mmr", mmrLambda: 0.5 }).ids).toEqual(["d", "e"]);
  });
});
