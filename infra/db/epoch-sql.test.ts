import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { EpochMs, parseRow } from "./epoch-sql.ts";

describe("epoch-sql", () => {
  test("EpochMs reads float8 as it comes and bigint or numeric text as a number", () => {
    expect([EpochMs.parse(1_700_000_000_123.5), EpochMs.parse("1700000000123"), EpochMs.parse("-5.25")]).toEqual([1_700_000_000_123.5, 1_700_000_000_123, -5.25]);
  });

  test("EpochMs refuses a date, a non-number string and infinity", () => {
    for (const value of [new Date(0), "2024-01-01", "Infinity", Infinity]) expect(EpochMs.safeParse(value).success).toBe(false);
  });

  test("parseRow() returns the parsed row, or throws naming what was read, the field and the row", () => {
    const Row = z.object({ n: z.number().int(), newest: EpochMs.nullable() });
    expect(parseRow(Row, { n: 2, newest: "1000" }, "profile version")).toEqual({ n: 2, newest: 1000 });
    expect(() => parseRow(Row, { n: 2, newest: "soon" }, "profile version")).toThrow(
      'Cannot read profile version: newest Invalid input: current value is {"n":2,"newest":"soon"}',
    );
  });
});
