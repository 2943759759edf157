import { describe, expect, test } from "bun:test";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { fitBiasBaseline } from "../evaluation/bias-baseline.ts";
import { fitItemKnn } from "./item-knn.ts";
import { itemKnnPredictor } from "./item-knn-predictor.ts";

// Three users, three items; user 2 has not rated item 2.
const rows: [number, number, number][] = [[0, 0, 5], [0, 1, 4], [0, 2, 1], [1, 0, 1], [1, 1, 2], [1, 2, 5], [2, 0, 4], [2, 1, 5]];
const builder = new InteractionsBuilder();
for (const [u, i, v] of rows) builder.push(u, i, v, 0);
const train = builder.build();
const shape = { nUsers: 3, nItems: 3 };

describe("fitItemKnn()", () => {
  test("fitItemKnn() gives the shrunk Pearson correlation of baseline residuals over common raters", () => {
    const model = fitItemKnn(train, shape, { neighbours: 2, shrinkage: 1 });
    const b = fitBiasBaseline(train, shape);
    const residual = (u: number, i: number) => rows.find(([x, y]) => x === u && y === i)![2] - b.globalMean - b.userBias[u] - b.itemBias[i];
    const pearson = (i: number, j: number, users: number[]) => {
      const products = users.reduce((s, u) => s + residual(u, i) * residual(u, j), 0);
      const si = users.reduce((s, u) => s + residual(u, i) ** 2, 0);
      const sj = users.reduce((s, u) => s + residual(u, j) ** 2, 0);
      return products / Math.sqrt(si * sj) * ((users.length - 1) / (users.length - 1 + 1));
    };
    expect(model.similarity[0 * 3 + 1]).toBeCloseTo(pearson(0, 1, [0, 1, 2]), 6);
    expect(model.similarity[1 * 3 + 0]).toBeCloseTo(model.similarity[0 * 3 + 1], 6);
    expect(model.similarity[0 * 3 + 2]).toBeCloseTo(pearson(0, 2, [0, 1]), 6);
    expect(model.similarity[0]).toBe(0);
  });

  test("itemKnnPredictor() adds the similarity-weighted residual of positive neighbours to the baseline", () => {
    const model = fitItemKnn(train, shape, { neighbours: 2, shrinkage: 1 });
    const predict = itemKnnPredictor(model);
    const baseline = (u: number, i: number) => model.globalMean + model.userBias[u] + model.itemBias[i];
    // Item 2's neighbours 0 and 1 are both anti-correlated with it: nothing positive, so the baseline.
    expect(model.similarity[2 * 3 + 0]).toBeLessThan(0);
    expect(predict(2, 2)).toBeCloseTo(baseline(2, 2), 6);
    // Item 0 for user 2: the one positive neighbour, item 1, moves the prediction by its residual.
    const s = model.similarity[0 * 3 + 1];
    expect(s).toBeGreaterThan(0);
    expect(predict(2, 0)).toBeCloseTo(baseline(2, 0) + (5 - baseline(2, 1)), 5);
  });

  test("itemKnnPredictor() falls back to the baseline for an unknown user or item", () => {
    const model = fitItemKnn(train, shape, { neighbours: 2, shrinkage: 1 });
    const predict = itemKnnPredictor(model);
    expect(predict(7, 0)).toBeCloseTo(model.globalMean + model.itemBias[0], 6);
    expect(predict(0, 9)).toBeCloseTo(model.globalMean + model.userBias[0], 6);
  });
});
