import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServedArtifactMemory, recallServedArtifact } from "./served-artifact-memory.ts";

const root = mkdtempSync(join(tmpdir(), "served-artifact-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const SHA = "ab".repeat(32);
const digest = (dir: string) => Promise.resolve(dir.endsWith("v2") ? "cd".repeat(32) : SHA);
const at = () => new Date("2024-06-01T10:00:00.000Z");
let n = 0;
const fresh = () => join(root, `state-${++n}`, "served-artifact.json");

describe("createServedArtifactMemory", () => {
  test("remember() then recall() gives back the artifact, with its directory made absolute and its digest", async () => {
    const file = fresh();
    const memory = createServedArtifactMemory(file, { digest, now: at });
    await memory.remember({ version: "v1", artifactPath: "artifacts/v1" });
    expect(await memory.recall()).toEqual({
      kind: "found",
      record: { formatVersion: 1, version: "v1", artifactPath: join(process.cwd(), "artifacts/v1"), manifestSha256: SHA, servedAt: "2024-06-01T10:00:00.000Z" },
    });
  });

  test("remember() keeps the last of several swaps asked in a row, and leaves no temporary file", async () => {
    const file = fresh();
    const memory = createServedArtifactMemory(file, { digest, now: at });
    await Promise.all([memory.remember({ version: "v1", artifactPath: "/a/v1" }), memory.remember({ version: "v2", artifactPath: "/a/v2" })]);
    expect(await memory.recall()).toMatchObject({ kind: "found", record: { version: "v2", manifestSha256: "cd".repeat(32) } });
    expect(readdirSync(join(file, ".."))).toEqual(["served-artifact.json"]);
  });

  test("remember() rejects, leaving the old record, when the artifact cannot be digested", async () => {
    const file = fresh();
    const memory = createServedArtifactMemory(file, { digest, now: at });
    await memory.remember({ version: "v1", artifactPath: "/a/v1" });
    const broken = createServedArtifactMemory(file, { digest: () => Promise.reject(new Error("ENOENT: manifest.json")) });
    await expect(broken.remember({ version: "v3", artifactPath: "/a/v3" })).rejects.toThrow("ENOENT: manifest.json");
    expect(await memory.recall()).toMatchObject({ kind: "found", record: { version: "v1" } });
  });
});

describe("recallServedArtifact", () => {
  test("recallServedArtifact() says none when nothing was remembered", async () => {
    expect(await recallServedArtifact(fresh())).toEqual({ kind: "none" });
  });

  test("recallServedArtifact() refuses a record that is not JSON, not a record, or too large, naming the file", async () => {
    const file = join(root, "hostile.json");
    writeFileSync(file, "{\"formatVersion\":1,");
    expect(await recallServedArtifact(file)).toEqual({ kind: "unreadable", reason: `${file}: not JSON` });
    writeFileSync(file, JSON.stringify({ formatVersion: 1, version: "v1", artifactPath: "/a/v1", manifestSha256: "xyz", servedAt: "2024-06-01T10:00:00.000Z" }));
    expect(await recallServedArtifact(file)).toEqual({ kind: "unreadable", reason: `${file}: manifestSha256: must be 64 lowercase hex digits` });
    writeFileSync(file, JSON.stringify({ formatVersion: 2 }));
    expect(await recallServedArtifact(file)).toMatchObject({ kind: "unreadable", reason: expect.stringContaining(`${file}: formatVersion:`) });
    writeFileSync(file, " ".repeat(70_000));
    expect(await recallServedArtifact(file)).toEqual({ kind: "unreadable", reason: `${file}: 70000 bytes, a record holds at most 65536` });
    expect(readFileSync(file, "utf8")).toHaveLength(70_000);
  });
});
