import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { MAX_LABEL_LENGTH, readApiUserProfile } from "./api-user-profile.ts";

const GOOD = { user_id: 7, age: 28, occupation: "writer", gender: "F" };
const MAX_INT4 = 2_147_483_647;

/** Text user_profiles can hold and a label may be: 1 to MAX_LABEL_LENGTH code points, UTF-8-encodable, no control character. */
function storableLabel(text: string): boolean {
  const codePoints = [...text].map((c) => c.codePointAt(0)!);
  const wellFormed = new TextDecoder().decode(new TextEncoder().encode(text)) === text;
  const control = codePoints.some((cp) => cp < 0x20 || (cp >= 0x7f && cp <= 0x9f));
  return codePoints.length >= 1 && codePoints.length <= MAX_LABEL_LENGTH && wellFormed && !control;
}

/** What each field may hold in user_profiles: the bounds the schema promises to keep. */
function fitsItsColumns(profile: { user_id: number; age: number; occupation: string; gender: string }): boolean {
  return Number.isInteger(profile.user_id) && profile.user_id >= 0 && profile.user_id <= MAX_INT4 &&
    Number.isInteger(profile.age) && profile.age >= 0 && profile.age <= 130 &&
    storableLabel(profile.occupation) && storableLabel(profile.gender);
}

describe("readApiUserProfile()", () => {
  test("readApiUserProfile() reads every body of the recorded user API sample", () => {
    const lines = readFileSync("/work/shared/data/api/users-sample.jsonl", "utf8").trim().split("\n");
    for (const line of lines) {
      const body = JSON.parse(line);
      expect(readApiUserProfile(body, body.user_id)).toEqual({ ok: true, profile: body });
    }
  });

  test("readApiUserProfile() drops extra fields", () => {
    expect(readApiUserProfile({ ...GOOD, extra: "\u0000" }, 7)).toEqual({ ok: true, profile: GOOD });
  });

  test("readApiUserProfile() accepts the bounds themselves", () => {
    const label = "x".repeat(MAX_LABEL_LENGTH);
    const astral = "😀".repeat(MAX_LABEL_LENGTH); // 100 code points, 200 UTF-16 units
    expect(readApiUserProfile({ user_id: MAX_INT4, age: 130, occupation: label, gender: astral }, MAX_INT4).ok).toBe(true);
    expect(readApiUserProfile({ user_id: 0, age: 0, occupation: "a", gender: "M" }, 0).ok).toBe(true);
  });

  const refused: [string, unknown, string][] = [
    ["a NUL in the occupation", { ...GOOD, occupation: "wri\u0000ter" },
      "occupation: must not contain control characters (U+0000 included) or lone surrogates"],
    ["a NUL alone as the gender", { ...GOOD, gender: "\u0000" },
      "gender: must not contain control characters (U+0000 included) or lone surrogates"],
    ["another control character", { ...GOOD, occupation: "writer\n" },
      "occupation: must not contain control characters (U+0000 included) or lone surrogates"],
    ["a lone surrogate", { ...GOOD, gender: "\uD800" },
      "gender: must not contain control characters (U+0000 included) or lone surrogates"],
    ["a label one character too long", { ...GOOD, occupation: "x".repeat(MAX_LABEL_LENGTH + 1) },
      `occupation: Too big: expected string to have <=${MAX_LABEL_LENGTH} characters`],
    ["an empty label", { ...GOOD, gender: "" }, "gender: Too small: expected string to have >=1 characters"],
    ["a negative age", { ...GOOD, age: -1 }, "age: Too small: expected number to be >=0"],
    ["an age of 131", { ...GOOD, age: 131 }, "age: Too big: expected number to be <=130"],
    ["a huge age", { ...GOOD, age: 1e300 }, "age: Too big: expected int to be <=9007199254740991; age: Too big: expected number to be <=130"],
    ["an infinite age (1e400 in JSON)", { ...GOOD, age: JSON.parse("1e400") }, "age: Invalid input: expected number, received Infinity"],
    ["a fractional age", { ...GOOD, age: 28.5 }, "age: Invalid input: expected int, received number"],
    ["an age as a string", { ...GOOD, age: "28" }, "age: Invalid input: expected number, received string"],
    ["a number as occupation", { ...GOOD, occupation: 5 }, "occupation: Invalid input: expected string, received number"],
    ["a null gender", { ...GOOD, gender: null }, "gender: Invalid input: expected string, received null"],
    ["a missing field", { user_id: 7, age: 28, occupation: "writer" }, "gender: Invalid input: expected string, received undefined"],
    ["a user_id past int4", { ...GOOD, user_id: MAX_INT4 + 1 }, `user_id: Too big: expected number to be <=${MAX_INT4}`],
    ["a negative user_id", { ...GOOD, user_id: -7 }, "user_id: Too small: expected number to be >=0"],
    ["a user_id as a string", { ...GOOD, user_id: "7" }, "user_id: Invalid input: expected number, received string"],
    ["another user's profile", { ...GOOD, user_id: 70 }, "user_id 70 is not the user asked for"],
    ["an array", [GOOD], "(body): Invalid input: expected object, received array"],
    ["null", null, "(body): Invalid input: expected object, received null"],
  ];
  for (const [what, body, problem] of refused) {
    test(`readApiUserProfile() refuses ${what} with a problem that names the field`, () => {
      expect(readApiUserProfile(body, 7)).toEqual({ ok: false, problem });
    });
  }

  test("readApiUserProfile() never quotes the body in its problem", () => {
    const result = readApiUserProfile({ ...GOOD, occupation: "secret\u0000" + "y".repeat(500) }, 7);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problem).not.toMatch(/secret|yyy/);
      expect(result.problem).not.toContain("\u0000");
    }
  });

  test("readApiUserProfile() accepts a profile only when every field fits its column (property)", () => {
    const near = (bound: number) => fc.integer({ min: bound - 2, max: bound + 2 });
    const number = fc.oneof(near(0), near(130), near(MAX_INT4), fc.integer(), fc.double());
    const text = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 3 }),
      fc.string({ unit: "binary", minLength: MAX_LABEL_LENGTH - 2, maxLength: MAX_LABEL_LENGTH + 2 }),
      fc.string({ unit: fc.constantFrom("a", "\u0000", "\uD800", "\uDC00", "\u001F", "\u007F"), maxLength: 4 }),
    );
    fc.assert(
      fc.property(number, number, text, text, (user_id, age, occupation, gender) => {
        const profile = { user_id, age, occupation, gender };
        const result = readApiUserProfile(profile, user_id);
        expect(result.ok).toBe(fitsItsColumns(profile));
      }),
      { numRuns: 3000 },
    );
  });
});
