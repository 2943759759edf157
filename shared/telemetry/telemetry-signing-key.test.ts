import { expect, test } from "bun:test";
import { ConfigError } from "../config/parse-env.ts";
import { readTelemetrySigningKey } from "./telemetry-signing-key.ts";

const KEY = "0123456789abcdef-key";
const files: Record<string, string> = { "/run/secrets/key": `${KEY}\n`, "/short": "short\n" };
const readText = (path: string) => {
  if (path in files) return files[path];
  throw new Error(`ENOENT: no such file or directory, open '${path}'`);
};

test("readTelemetrySigningKey() returns the key of TELEMETRY_SIGNING_KEY, or null when neither variable is set", () => {
  expect(readTelemetrySigningKey({ TELEMETRY_SIGNING_KEY: KEY }, readText)).toBe(KEY);
  expect(readTelemetrySigningKey({}, readText)).toBeNull();
});

test("readTelemetrySigningKey() reads TELEMETRY_SIGNING_KEY_FILE without its final newline, as the variable would hold it", () => {
  expect(readTelemetrySigningKey({ TELEMETRY_SIGNING_KEY_FILE: "/run/secrets/key" }, readText)).toBe(KEY);
  expect(readTelemetrySigningKey({ TELEMETRY_SIGNING_KEY: ` ${KEY}\n` }, readText)).toBe(KEY);
});

test("readTelemetrySigningKey() refuses both variables, an unreadable file and a short key, never showing the key", () => {
  const refusal = (env: Parameters<typeof readTelemetrySigningKey>[0]) => {
    try {
      readTelemetrySigningKey(env, readText);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };
  expect(refusal({ TELEMETRY_SIGNING_KEY: KEY, TELEMETRY_SIGNING_KEY_FILE: "/run/secrets/key" }))
    .toBe("Invalid configuration: set TELEMETRY_SIGNING_KEY or TELEMETRY_SIGNING_KEY_FILE, not both");
  expect(refusal({ TELEMETRY_SIGNING_KEY_FILE: "/missing" }))
    .toBe(`Invalid configuration: TELEMETRY_SIGNING_KEY_FILE="/missing": cannot be read: ENOENT: no such file or directory, open '/missing'`);
  expect(refusal({ TELEMETRY_SIGNING_KEY_FILE: "/short" }))
    .toBe('Invalid configuration: TELEMETRY_SIGNING_KEY_FILE="/short": the key in it must be at least 16 characters: current length is 5');
  expect(refusal({ TELEMETRY_SIGNING_KEY: "too-short-key" }))
    .toBe("Invalid configuration: TELEMETRY_SIGNING_KEY=(hidden) must be at least 16 characters: current length is 13");
});
