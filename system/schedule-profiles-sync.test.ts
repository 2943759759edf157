import { expect, test } from "bun:test";
import { createLogger } from "../infra/log/logger.ts";
import type { StepResult } from "./run-step.ts";
import { scheduleProfilesSync } from "./schedule-profiles-sync.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("scheduleProfilesSync() runs once the API is ready, again every period, and reports each run", async () => {
  let openApi!: () => void;
  const ready = new Promise<void>((resolve) => (openApi = resolve));
  const outcomes: (StepResult | Error)[] = [
    { code: 0, stdout: "asked 3 users: 3 profiles, 0 unknown, 0 malformed, 0 failed (asked again next run)\n" },
    { code: 1, stdout: "asked 2 users: 0 profiles, 0 unknown, 0 malformed, 2 failed (asked again next run)\n" },
    new Error("spawn failed"),
  ];
  let runs = 0;
  const summaries: string[] = [];
  const logged: string[] = [];
  const schedule = scheduleProfilesSync({
    ready: () => ready,
    sync: () => {
      const outcome = outcomes[runs++ % outcomes.length];
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
    },
    everyMs: 15,
    onSummary: (line) => summaries.push(line),
    log: createLogger("test", (line) => logged.push(line)),
  });
  await sleep(40);
  expect(runs).toBe(0); // nothing before the user API answers
  openApi();
  await sleep(100);
  await schedule.stop();
  const after = runs;
  expect(after).toBeGreaterThanOrEqual(3);
  expect(summaries[0]).toStartWith("asked 3 users: 3 profiles");
  expect(summaries[1]).toStartWith("asked 2 users: 0 profiles");
  expect(logged.some((l) => l.includes("profiles:sync failed"))).toBe(true);
  expect(logged.some((l) => l.includes("spawn failed"))).toBe(true);
  await sleep(50);
  expect(runs).toBe(after); // nothing after stop
});

test("scheduleProfilesSync() stop() waits for the run in progress", async () => {
  let finished = false;
  const schedule = scheduleProfilesSync({
    ready: () => Promise.resolve(),
    sync: async () => {
      await sleep(60);
      finished = true;
      return { code: 0, stdout: "" };
    },
    everyMs: 1000,
    onSummary: () => {},
    log: createLogger("test", () => {}),
  });
  await sleep(10);
  await schedule.stop();
  expect(finished).toBe(true);
});
