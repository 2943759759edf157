import { expect, test } from "bun:test";
import { formatVariants } from "./format-experiments.ts";

test("formatVariants() names each variant's pool, or the two pools it interleaves", () => {
  expect(formatVariants({
    key: "blend",
    seed: "blend",
    coverage: 1,
    status: "draft",
    variants: [
      { key: "control", weight: 0.5 },
      { key: "canary", weight: 0.25, pool: "canary" },
      { key: "interleaved", weight: 0.25, interleave: { a: "stable", b: "canary" } },
    ],
  })).toBe("control 50% / canary 25% → canary / interleaved 25% → stable (A) × canary (B) interleaved");
});
