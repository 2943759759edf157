import { describe, expect, test } from "bun:test";
import { parseRatingLine } from "./parse-rating-line.ts";

describe("parseRatingLine()", () => {
  test("parseRatingLine() reads the three MovieLens layouts", () => {
    const row = { user: "196", item: "242", rating: 3, time: 881250949000 };
    expect(parseRatingLine("196\t242\t3\t881250949", "tab")).toEqual({ ok: true, row });
    expect(parseRatingLine("196::242::3::881250949\r", "dat")).toEqual({ ok: true, row });
    expect(parseRatingLine("1,31,2.5,1260759144", "csv")).toEqual({
      ok: true,
      row: { user: "1", item: "31", rating: 2.5, time: 1260759144000 },
    });
  });

  test("parseRatingLine() rejects bad lines with a reason", () => {
    const cases: [string, string][] = [
      ["", "empty_line"],
      ["1\t2\t3", "wrong_field_count"],
      ["x\t2\t3\t4", "bad_user_id"],
      ["1\t-2\t3\t4", "bad_item_id"],
      ["1\t2\tfive\t4", "bad_rating"],
      ["1\t2\t\t4", "bad_rating"],
      ["1\t2\t6\t4", "rating_out_of_range"],
      ["1\t2\t3.3\t4", "rating_out_of_range"],
      ["1\t2\t0\t4", "rating_out_of_range"],
      ["1\t2\t3\t2020-01-01", "bad_timestamp"],
    ];
    for (const [line, reason] of cases) {
      const result = parseRatingLine(line, "tab");
      expect(result.ok ? "accepted" : result.reason).toBe(reason);
    }
  });
});
