import { expect, test } from "bun:test";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryEventStore } from "./memory-event-store.ts";
import { replayFile, type ReplayProgress } from "./replay-file.ts";

test("replayFile() reports after each batch how many lines and bytes it has read, up to the file's size", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "replay-")), "movielog.log");
  writeFileSync(file, [
    "2026-02-08T02:29:00,7,GET /data/m/the+godfather+1972/1.mpg",
    "2026-02-08T02:30:00,7,GET /rate/the+godfather+1972=5",
    "not a movielog line",
    "2026-02-08T02:31:00,8,GET /data/m/monsters_+inc.+2001/1.mpg",
    "2026-02-08T02:32:00,8,GET /rate/m*a*s*h+1970=4",
  ].join("\n") + "\n");
  const heard: ReplayProgress[] = [];
  const counts = await replayFile(file, createMemoryEventStore({ lateToleranceMs: 60_000, now: () => Date.parse("2026-02-08T03:00:00Z") }), {
    batchLines: 2,
    onProgress: (read) => heard.push(read),
  });
  expect(counts.lines).toBe(5);
  expect(heard.map((r) => r.lines)).toEqual([2, 4, 5]);
  expect(heard.at(-1)!.bytes).toBe(statSync(file).size);
});
