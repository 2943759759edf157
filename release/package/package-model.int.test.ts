/** The package step as Jenkins runs it, on a registered artifact, on a machine without Docker. */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDatabase, type Database } from "../../infra/db/connect-database.ts";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { registerModel, setModelStatus } from "../../registry/model-registry.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/support/test-database.ts";
import { writeCircleArtifact } from "../../workers/testing/circle-artifacts.ts";

const root = mkdtempSync(join(tmpdir(), "package-"));
let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url);
  for (const version of ["pkg-good", "pkg-rejected"]) {
    const dir = await writeCircleArtifact(root, version, "A");
    await registerModel(database.sql, ModelManifest.parse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"))), dir);
  }
  await setModelStatus(database.sql, "pkg-rejected", "rejected");
}, 60_000);
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
  rmSync(root, { recursive: true, force: true });
});

const runPackage = (args: string[]) => {
  // PATH without a docker binary: the step must prepare the context and say so.
  const result = Bun.spawnSync([process.execPath, join(import.meta.dir, "package-model-main.ts"), ...args], {
    env: { ...process.env, DATABASE_URL: testDb.url, PATH: "/nonexistent" },
  });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
};

test("package writes a build context with the verified artifact and a Dockerfile that serves it", () => {
  const out = join(root, "out");
  const result = runPackage(["--version", "pkg-good", "--out", out, "--json"]);
  expect(result.code).toBe(0);
  const printed = JSON.parse(result.stdout);
  expect(printed).toMatchObject({ image: "movie-recommender/worker:pkg-good", model: "pkg-good", built: false, context: join(out, "pkg-good") });
  const dockerfile = readFileSync(join(out, "pkg-good", "Dockerfile"), "utf8");
  expect(dockerfile).toContain("COPY model /models/pkg-good");
  expect(dockerfile).toContain("ENV WORKER_MODEL_PATH=/models/pkg-good");
  expect(Object.keys(printed.files).length).toBeGreaterThanOrEqual(5);
  for (const [file, sha256] of Object.entries(printed.files as Record<string, string>)) {
    expect({ file, sha256: createHash("sha256").update(readFileSync(join(out, "pkg-good", "model", file))).digest("hex") }).toEqual({ file, sha256 });
  }
  expect(existsSync(join(out, "pkg-good", "model", "manifest.json"))).toBe(true);
  expect(JSON.parse(readFileSync(join(out, "pkg-good", "image.json"), "utf8")).model).toBe("pkg-good");
}, 60_000);

test("package refuses a rejected model and an unknown one with exit 2", () => {
  const rejected = runPackage(["--version", "pkg-rejected", "--out", join(root, "out2")]);
  expect([rejected.code, rejected.stderr]).toEqual([2, expect.stringContaining("was rejected")]);
  const unknown = runPackage(["--version", "nope", "--out", join(root, "out2")]);
  expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('no model "nope"')]);
  expect(existsSync(join(root, "out2"))).toBe(false);
}, 60_000);
