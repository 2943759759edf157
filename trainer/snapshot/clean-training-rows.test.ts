import { describe, expect, test } from "bun:test";
import { IdMap } from "../datasets/id-map.ts";
import { InteractionsBuilder } from "../datasets/interactions.ts";
import { cleanTrainingRows, findBurstRaters } from "./clean-training-rows.ts";
import type { TrainingRows } from "./training-rows.ts";

const rules = { minWatchMinutes: 2, burstRatings: 3, burstWindowMs: 1000 };

function rowsOf(ratings: [number, number, number, number][], watch: [number, number, number, number][]): TrainingRows {
  const r = new InteractionsBuilder();
  for (const [u, i, v, t] of ratings) r.push(u, i, v, t);
  const w = new InteractionsBuilder();
  for (const [u, i, v, t] of watch) w.push(u, i, v, t);
  return { users: IdMap.from(["10", "11", "12"]), items: IdMap.from(["a+1", "b+2", "c+3", "d+4"]), ratings: r.build(), watch: w.build() };
}

describe("cleanTrainingRows()", () => {
  test("findBurstRaters() flags a user with three ratings inside one second and no one else", () => {
    const rows = rowsOf([[0, 0, 5, 0], [0, 1, 5, 400], [0, 2, 5, 900], [1, 0, 4, 0], [1, 1, 4, 2000], [1, 2, 4, 4000]], []);
    expect([...findBurstRaters(rows.ratings, rules)]).toEqual([0]);
  });

  test("cleanTrainingRows() drops short sessions and every row of burst raters, counting each reason", () => {
    const rows = rowsOf(
      [[0, 0, 5, 0], [0, 1, 5, 400], [0, 2, 5, 900], [1, 3, 2, 0]],
      [[0, 3, 40, 0], [1, 0, 1, 0], [1, 1, 30, 0], [2, 2, 2, 0]],
    );
    const { rows: kept, excluded } = cleanTrainingRows(rows, rules);
    expect(Array.from(kept.ratings.users)).toEqual([1]);
    expect(Array.from(kept.watch.users)).toEqual([1, 2]);
    expect(Array.from(kept.watch.values)).toEqual([30, 2]);
    expect(excluded).toEqual({ short_watch_session: 1, burst_rater_ratings: 3, burst_rater_watch: 1 });
  });
});
