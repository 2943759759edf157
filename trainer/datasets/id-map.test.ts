import { describe, expect, test } from "bun:test";
import { IdMap } from "./id-map.ts";

describe("IdMap", () => {
  test("IdMap.intern() gives dense indices in first-seen order", () => {
    const map = new IdMap();
    expect([map.intern("b"), map.intern("a"), map.intern("b")]).toEqual([0, 1, 0]);
    expect(map.idAt(1)).toBe("a");
    expect(map.indexOf("c")).toBeUndefined();
    expect(map.size).toBe(2);
  });

  test("IdMap.from() refuses duplicate ids", () => {
    expect(() => IdMap.from(["x", "x"])).toThrow('duplicate id "x"');
  });
});
