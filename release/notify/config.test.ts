import { expect, test } from "bun:test";
import { loadNotifyConfig } from "./config.ts";

test("loadNotifyConfig() splits recipients and defaults the outbox when no key is set", () => {
  const config = loadNotifyConfig({ EMAIL_FROM: "Releases <rel@example.com>", EMAIL_TO: "a@example.com, b@example.com,", RESEND_API_KEY: "" });
  expect(config).toEqual({
    EMAIL_FROM: "Releases <rel@example.com>",
    EMAIL_TO: ["a@example.com", "b@example.com"],
    RELEASE_OUTBOX_DIR: ".data/outbox",
  });
});

test("loadNotifyConfig() names a malformed recipient and a missing sender", () => {
  expect(() => loadNotifyConfig({ EMAIL_TO: "a@example.com,not-an-address" })).toThrow(
    'Invalid configuration: EMAIL_FROM=(unset): Invalid input: expected string, received undefined; EMAIL_TO="a@example.com,not-an-address": each recipient must be an email address',
  );
});
