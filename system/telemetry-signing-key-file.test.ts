import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureTelemetrySigningKeyFile } from "./telemetry-signing-key-file.ts";

const dir = mkdtempSync(join(tmpdir(), "telemetry-key-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("ensureTelemetrySigningKeyFile() generates an owner-only key once and reuses it on every later start", () => {
  const path = join(dir, "state", "telemetry-signing.key");
  expect(ensureTelemetrySigningKeyFile(path)).toEqual({ path, created: true });
  const key = readFileSync(path, "utf8");
  expect(key).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(ensureTelemetrySigningKeyFile(path)).toEqual({ path, created: false });
  expect(readFileSync(path, "utf8")).toBe(key);
});

test("ensureTelemetrySigningKeyFile() refuses a damaged key file, naming it, instead of replacing the key", () => {
  const path = join(dir, "damaged.key");
  writeFileSync(path, "short\n");
  expect(() => ensureTelemetrySigningKeyFile(path)).toThrow(`TELEMETRY_SIGNING_KEY_FILE="${path}": the key in it must be at least 16 characters`);
  expect(readFileSync(path, "utf8")).toBe("short\n");
});
