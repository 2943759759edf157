import { describe, expect, test } from "bun:test";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { acceptance } from "../behaviour/conversion-model.ts";
import { affinity } from "../world/affinity.ts";
import { createWorld } from "../world/create-world.ts";
import { bestConversion, oracleList } from "./oracle-list.ts";
import { scoreList } from "./score-list.ts";

const world = createWorld(5, { users: 50, movies: 300 });
const ids = world.movies.map((m) => m.profile.id);

describe("oracle", () => {
  test("oracleList() ranks every movie by the user's chance of starting it", () => {
    const list = oracleList(world, 7, 20);
    expect(list).toHaveLength(20);
    const chances = list.map((id) => acceptance(affinity(world, 6, world.movieIndex.get(id)!)));
    expect(chances).toEqual([...chances].sort((a, b) => b - a));
    const all = world.movies.map((_, m) => acceptance(affinity(world, 6, m))).sort((a, b) => b - a);
    expect(chances).toEqual(all.slice(0, 20));
  });

  test("oracleList() moves movies the user has seen down the list", () => {
    const list = oracleList(world, 7, 20);
    const again = oracleList(world, 7, 20, new Set([list[0]]));
    expect(again[0]).toBe(list[1]);
  });

  test("oracleList() is empty for an unknown user or k 0", () => {
    expect(oracleList(world, 51, 20)).toEqual([]);
    expect(oracleList(world, 0, 20)).toEqual([]);
    expect(oracleList(world, 3, 0)).toEqual([]);
  });

  test("scoreList() gives unknown ids no chance and the oracle the best conversion", () => {
    expect(scoreList(world, 7, ["no+such+movie+2001"]).expectedConversion).toBe(0);
    expect(scoreList(world, 999, ids.slice(0, 20)).expectedConversion).toBe(0);
    const random = mulberry32(1);
    const best = bestConversion(world, 7, 20);
    for (let i = 0; i < 50; i++) {
      const list = Array.from({ length: 20 }, () => ids[Math.floor(random() * ids.length)]);
      expect(scoreList(world, 7, list).expectedConversion).toBeLessThan(best);
    }
    const oracle = oracleList(world, 7, 20);
    expect(scoreList(world, 7, [...oracle].reverse()).expectedConversion).toBeLessThan(best);
  });

  test("scoreList() pick probabilities sum to the expected conversion", () => {
    const score = scoreList(world, 3, oracleList(world, 3, 20));
    const sum = score.pickProbabilities.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(score.expectedConversion, 12);
  });
});
