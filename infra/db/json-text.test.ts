import { expect, test } from "bun:test";
import { z } from "zod";
import { jsonText } from "./json-text.ts";

test("jsonText() parses JSON text and validates it; text that is not JSON is an issue, not a throw", () => {
  const Items = jsonText(z.array(z.string()));
  expect(Items.parse('["heat+1995","up+2009"]')).toEqual(["heat+1995", "up+2009"]);
  expect(Items.safeParse("[1]").success).toBe(false);
  const notJson = Items.safeParse("{heat");
  expect(notJson.success).toBe(false);
  expect(notJson.error?.issues[0].message).toBe("not JSON: {heat");
});
