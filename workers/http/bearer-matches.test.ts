import { describe, expect, test } from "bun:test";
import { bearerMatches } from "./bearer-matches.ts";

describe("bearerMatches", () => {
  test("bearerMatches() accepts exactly the configured token", () => {
    expect(bearerMatches("Bearer s3cret-token-0123456", "s3cret-token-0123456")).toBe(true);
  });

  test("bearerMatches() refuses a wrong, prefixed, missing or non-bearer credential", () => {
    const token = "s3cret-token-0123456";
    for (const header of ["Bearer s3cret-token-012345", "Bearer s3cret-token-01234567", "s3cret-token-0123456", "Basic abc", "Bearer ", null]) {
      expect(bearerMatches(header, token)).toBe(false);
    }
  });
});
