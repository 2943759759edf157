import assert from "node:assert/strict";
import { formatDuration } from "./format-duration.ts";

Deno.test("formatDuration() prints the two largest units, rounded down, and a negative duration's size", () => {
  assert.deepEqual(
    [0, 999, 42_000, 725_000, 3 * 3_600_000 + 20 * 60_000 + 5000, 30 * 86_400_000 + 4 * 3_600_000, 3_605_000, -90_000].map(formatDuration),
    ["0 s", "0 s", "42 s", "12 min 5 s", "3 h 20 min", "30 d 4 h", "1 h", "1 min 30 s"],
  );
});
