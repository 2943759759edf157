import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveEmbeddedDatabasePassword, embeddedDatabasePassword } from "./embedded-database-password.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "embedded-key-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("embeddedDatabasePassword()", () => {
  test("creates an owner-only key on first use, and derives the same password from it ever after", () => {
    const keyFile = join(dir, "data", "embedded-database.key");
    const first = embeddedDatabasePassword(54329, keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile, "utf8").trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(first).toBe(deriveEmbeddedDatabasePassword(key, 54329));
    expect(embeddedDatabasePassword(54329, keyFile)).toBe(first);
    // Nothing is left beside it.
    expect(readdirSync(join(dir, "data"))).toEqual(["embedded-database.key"]);
  });

  test("gives each port its own password", () => {
    const keyFile = join(dir, "embedded-database.key");
    expect(embeddedDatabasePassword(54329, keyFile)).not.toBe(embeddedDatabasePassword(54330, keyFile));
  });

  test("takes the key that is there rather than writing another", () => {
    const keyFile = join(dir, "embedded-database.key");
    const key = "ab".repeat(32);
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600 });
    expect(embeddedDatabasePassword(7, keyFile)).toBe(deriveEmbeddedDatabasePassword(key, 7));
    expect(readFileSync(keyFile, "utf8")).toBe(`${key}\n`);
  });

  test("makes a key others could read owner-only again", () => {
    const keyFile = join(dir, "embedded-database.key");
    writeFileSync(keyFile, `${"cd".repeat(32)}\n`);
    chmodSync(keyFile, 0o644);
    embeddedDatabasePassword(7, keyFile);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  test("refuses a damaged key, naming the file", () => {
    const keyFile = join(dir, "embedded-database.key");
    writeFileSync(keyFile, "not a key\n", { mode: 0o600 });
    expect(() => embeddedDatabasePassword(7, keyFile)).toThrow(`The embedded database's key ${keyFile} is damaged (expected 64 hex digits)`);
  });
});

test("deriveEmbeddedDatabasePassword() is 64 hex digits, fixed by the key and the port", () => {
  const password = deriveEmbeddedDatabasePassword("00".repeat(32), 54329);
  expect(password).toMatch(/^[0-9a-f]{64}$/);
  expect(deriveEmbeddedDatabasePassword("00".repeat(32), 54329)).toBe(password);
  expect(deriveEmbeddedDatabasePassword("01".repeat(32), 54329)).not.toBe(password);
});
