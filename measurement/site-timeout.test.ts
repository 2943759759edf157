import { expect, test } from "bun:test";
import { isSiteTimeout, SITE_CLIENT_TIMEOUT_MS } from "./site-timeout.ts";

test("isSiteTimeout() counts an answer at exactly 800 ms as a timeout", () => {
  expect(SITE_CLIENT_TIMEOUT_MS).toBe(800);
  expect(isSiteTimeout(800)).toBe(true);
  expect(isSiteTimeout(799.9)).toBe(false);
  expect(isSiteTimeout(500, 400)).toBe(true);
});
