/** A small, valid manifest for tests of anything that reads or writes artifacts. */
export const artifactFile = (path: string, dtype: "f32" | "u32", length: number) => ({ path, dtype, length, sha256: "0".repeat(64) });

export const sampleManifest = {
  formatVersion: 1,
  version: "als-20261124-0001",
  created: "2026-11-24T07:00:00.000Z",
  parentVersion: null,
  algorithm: { name: "als-explicit", hyperparameters: { rank: 2 } },
  rank: 2,
  globalMean: 3.5,
  itemIds: ["akira+1988", "m*a*s*h+1970", "the+godfather+1972"],
  userCount: 2,
  files: {
    userFactors: artifactFile("user-factors.f32", "f32", 4),
    itemFactors: artifactFile("item-factors.f32", "f32", 6),
    userIds: artifactFile("user-ids.u32", "u32", 2),
    seenOffsets: artifactFile("seen-offsets.u32", "u32", 3),
    seenItems: artifactFile("seen-items.u32", "u32", 1),
  },
  popular: ["the+godfather+1972"],
  snapshot: { id: "abc", source: "event-store", rows: { rate: 1 }, timeRange: { from: null, to: null }, filters: {} },
  code: { commit: "0123abc", dirty: false },
  runtime: { name: "bun", version: "1.4.5", packages: { "ml-matrix": "6.15.1" } },
  metrics: { rmse: 0.9 },
};

