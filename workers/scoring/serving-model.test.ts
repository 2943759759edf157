import { describe, expect, test } from "bun:test";
import { tinyArtifact } from "../../infra/model/testing/tiny-artifact.ts";
import type { ModelManifest } from "../../shared/model/manifest.ts";
import { sampleManifest } from "../../shared/model/testing/sample-manifest.ts";
import { buildServingModel } from "./serving-model.ts";
import { CIRCLE, tinyServingModel } from "./testing/tiny-serving-model.ts";

describe("buildServingModel", () => {
  test("buildServingModel() drops repeats from the popular list and scores popularity linearly by rank", () => {
    const model = tinyServingModel({ ...CIRCLE, popular: ["d", "c", "d", "zorro+1998", "a"] });
    expect(model.popular).toEqual(["d", "c", "zorro+1998", "a"]);
    expect([...model.popularity]).toEqual([0.25, 0, 0.75, 1, 0]); // rows a..e; zorro is not an item row
  });

  test("buildServingModel() refuses a movie id the router would refuse in a reply", () => {
    expect(() => tinyServingModel({ ...CIRCLE, popular: ["d", "bad,id"] })).toThrow('manifest.json: "bad,id" is not a well-formed movie id');
  });

  test("buildServingModel() refuses a user id that appears twice", () => {
    const { input, arrays } = tinyArtifact(CIRCLE);
    arrays.userIds = new Uint32Array([10, 20, 10, 40]);
    const manifest = { ...input, formatVersion: 1, files: sampleManifest.files } as ModelManifest;
    expect(buildServingModel(manifest, arrays)).toEqual({ ok: false, reason: "user-ids: user 10 appears at rows 0 and 2" });
  });
});
