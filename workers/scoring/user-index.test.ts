import { describe, expect, test } from "bun:test";
import { buildUserIndex, findUserRow } from "./user-index.ts";

function index(ids: number[]) {
  const built = buildUserIndex(new Uint32Array(ids));
  if (!built.ok) throw new Error(built.reason);
  return built.index;
}

describe("buildUserIndex", () => {
  test("findUserRow() finds the row of each id when ids are ascending", () => {
    const ascending = index([3, 8, 20, 4294967295]);
    expect([3, 8, 20, 4294967295].map((id) => findUserRow(ascending, id))).toEqual([0, 1, 2, 3]);
  });

  test("findUserRow() finds the row of each id when ids are in first-seen order", () => {
    const unordered = index([50, 7, 2147483647, 0, 12]);
    expect([50, 7, 2147483647, 0, 12].map((id) => findUserRow(unordered, id))).toEqual([0, 1, 2, 3, 4]);
  });

  test("findUserRow() finds every id of a large table with colliding slots", () => {
    const ids = Uint32Array.from({ length: 5000 }, (_, row) => row * 4096); // same low bits: many collisions
    const built = index([...ids]);
    expect(built.size).toBe(5000);
    expect([...ids].every((id, row) => findUserRow(built, id) === row)).toBe(true);
    expect(findUserRow(built, 4096 * 5000)).toBe(-1);
  });

  test("findUserRow() returns -1 for an id the model does not know", () => {
    expect([1, 9, 2147483646].map((id) => findUserRow(index([50, 7, 2147483647]), id))).toEqual([-1, -1, -1]);
    expect(findUserRow(index([]), 1)).toBe(-1);
  });

  test("buildUserIndex() refuses a user id that appears twice", () => {
    expect(buildUserIndex(new Uint32Array([5, 9, 5]))).toEqual({ ok: false, reason: "user-ids: user 5 appears at rows 0 and 2" });
  });
});
