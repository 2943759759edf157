/** `bun run release` as scripts call it: the exit codes operators rely on, and no process left behind. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, type TestDatabase } from "../tests/support/test-database.ts";

const dir = mkdtempSync(join(tmpdir(), "release-cli-"));
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await testDb?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const release = (args: string[]) => {
  const result = Bun.spawnSync([process.execPath, join(import.meta.dir, "release-main.ts"), ...args], {
    env: {
      ...process.env, DATABASE_URL: testDb.url, ADMIN_TOKEN: "release-cli-test-token-0123",
      SYSTEM_STATE_FILE: join(dir, "system.json"), RELEASE_OUTBOX_DIR: join(dir, "outbox"),
    },
  });
  return { code: result.exitCode, stderr: result.stderr.toString() };
};

test("release exits 3 when there is nothing to resume or the model is unknown, and 2 on bad usage", () => {
  const resume = release(["--resume"]);
  expect([resume.code, resume.stderr.trim().split("\n").at(-1)]).toEqual([3, "no active release to resume"]);
  const unknown = release(["--model", "no-such-model", "--json"]);
  expect(unknown.code).toBe(3);
  expect(unknown.stderr).toContain("no-such-model");
  const both = release(["--model", "m", "--resume"]);
  expect(both.code).toBe(2);
  expect(both.stderr).toContain("give exactly one of --model <version>, a train report file, and --resume");
}, 60_000);
