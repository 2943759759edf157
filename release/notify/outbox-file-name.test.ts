import { expect, test } from "bun:test";
import { outboxFileName } from "./outbox-file-name.ts";

test("outboxFileName() is the ISO time without colons, then the release id", () => {
  expect(outboxFileName("rel-0042", new Date("2025-03-01T10:35:00.123Z"))).toBe("2025-03-01T10-35-00.123Z-rel-0042.json");
});
