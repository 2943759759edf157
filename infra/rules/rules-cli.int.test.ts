import { afterAll, beforeAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import cases from "../../shared/rules/cases.json" with { type: "json" };
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";

let testDb: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), "rules-cli-"));
const CLI = join(import.meta.dir, "rules-cli.ts");

function rules(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, DATABASE_URL: testDb.url },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

beforeAll(async () => {
  testDb = await createTestDatabase();
});

afterAll(async () => {
  await testDb?.drop();
});

test("rules get fails with exit 1 while no rules are stored", () => {
  const result = rules("get");
  expect(result.code).toBe(1);
  expect(result.stderr).toContain("no rules stored yet");
});

test("rules set stores a document without a version and prints the new version and diff", () => {
  const { version: _, ...document } = cases.ruleSets.routing;
  const result = rules("set", file("routing.json", document));
  expect(result.code).toBe(0);
  const output = JSON.parse(result.stdout);
  expect(output.version).toBe(1);
  expect(output.changed).toBe(true);
  expect(output.diff.length).toBeGreaterThan(0);
});

test("rules get prints the stored document as JSON", () => {
  const result = rules("get");
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({ ...cases.ruleSets.routing, version: 1 });
});

test("rules diff prints what set would change and writes nothing", () => {
  const changed = { ...cases.ruleSets.routing, defaultPool: "canary" };
  const result = rules("diff", file("changed.json", changed));
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    version: 1,
    diff: [{
      change: "changed",
      section: "defaultPool",
      name: null,
      detail: 'defaultPool: "stable" → "canary"',
    }],
  });
  expect(JSON.parse(rules("get").stdout).defaultPool).toBe("stable");
});

test("rules set exits 2 with every reason on an invalid document", () => {
  const invalid = { ...cases.ruleSets.routing, defaultPool: "nowhere" };
  const result = rules("set", file("invalid.json", invalid));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('defaultPool: pool "nowhere" is not in pools');
});

test("rules set exits 2 on a file that is not JSON, and on bad usage", () => {
  expect(rules("set", file("broken.json", "{ not json")).code).toBe(2);
  const usage = rules("frobnicate");
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain("usage: bun run rules");
});
