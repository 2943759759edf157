import { describe, expect, test } from "bun:test";
import { expectedLengths, ModelManifest } from "./manifest.ts";
import { artifactFile as file, sampleManifest } from "./testing/sample-manifest.ts";

describe("ModelManifest", () => {
  test("ModelManifest accepts a complete manifest and implies its file lengths", () => {
    const m = ModelManifest.parse(sampleManifest);
    expect(expectedLengths(m)).toEqual({
      userFactors: 4, itemFactors: 6, userBias: undefined, itemBias: undefined, userIds: 2, seenOffsets: 3, seenItems: undefined,
    });
  });

  test("ModelManifest refuses a file path that leaves the artifact directory", () => {
    const bad = { ...sampleManifest, files: { ...sampleManifest.files, userIds: file("../etc/passwd", "u32", 2) } };
    expect(ModelManifest.safeParse(bad).success).toBe(false);
  });

  test("ModelManifest refuses a version that is not URL-safe", () => {
    expect(ModelManifest.safeParse({ ...sampleManifest, version: "v 1/2" }).success).toBe(false);
  });
});
