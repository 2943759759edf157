import { describe, expect, test } from "bun:test";
import { parseUserId } from "./parse-user-id.ts";

describe("parseUserId", () => {
  test("parseUserId() accepts digits up to 2147483647, leading zeros included", () => {
    expect(["0", "42", "007", "2147483647", "0002147483647"].map(parseUserId)).toEqual([
      { ok: true, userId: 0 }, { ok: true, userId: 42 }, { ok: true, userId: 7 }, { ok: true, userId: 2147483647 }, { ok: true, userId: 2147483647 },
    ]);
  });

  test("parseUserId() refuses anything but digits, quoting what it got", () => {
    expect(parseUserId("abc")).toEqual({ ok: false, reason: 'user id must be digits only: got "abc"' });
    expect(parseUserId("-1")).toEqual({ ok: false, reason: 'user id must be digits only: got "-1"' });
    expect(parseUserId("1.5")).toEqual({ ok: false, reason: 'user id must be digits only: got "1.5"' });
    expect(parseUserId("%31")).toEqual({ ok: false, reason: 'user id must be digits only: got "%31"' });
    expect(parseUserId("")).toEqual({ ok: false, reason: "user id is missing: use /recommend/<digits>" });
  });

  test("parseUserId() refuses ids above 2147483647", () => {
    expect(parseUserId("2147483648")).toEqual({ ok: false, reason: 'user id must be at most 2147483647: got "2147483648"' });
    expect(parseUserId("99999999999")).toEqual({ ok: false, reason: 'user id must be at most 2147483647: got "99999999999"' });
  });

  test("parseUserId() shortens a huge id in its reason", () => {
    const reason = (parseUserId("9".repeat(10_000)) as { reason: string }).reason;
    expect(reason).toBe(`user id must be at most 2147483647: got "${"9".repeat(40)}"… (10000 characters)`);
  });
});
