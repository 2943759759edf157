import { expect, test } from "bun:test";
import { caughtUp } from "./await-catch-up.ts";
import { awaitRecovery, partName, recoveredAt } from "./part-recovery.ts";
import { appliedOffsets } from "./read-ingest-progress.ts";
import { recoveredSeconds } from "./run-fault.ts";
import { withTimeout } from "./with-timeout.ts";

test("awaitRecovery() is the time the last part first passed, each part asked until it passes once", async () => {
  let clock = 0;
  let fastAsked = 0;
  const fast = () => Promise.resolve(++fastAsked >= 1);
  // The slow part moves the clock 100 ms each time it is asked, and passes on its third question.
  let slowAsked = 0;
  const slow = () => {
    clock += 100;
    return Promise.resolve(++slowAsked >= 3);
  };
  const recovery = await awaitRecovery([fast, slow], { timeoutMs: 10_000, everyMs: 1, now: () => clock });
  expect(recovery).toEqual({ passedAt: [100, 300] });
  expect(recoveredAt(recovery)).toBe(300);
  expect([fastAsked, slowAsked]).toEqual([1, 3]);
});

test("awaitRecovery() leaves a part that never passes within the wait without a time, and the recovery with none", async () => {
  const started = Date.now();
  const recovery = await awaitRecovery([() => Promise.resolve(true), () => Promise.resolve(false)], { timeoutMs: 50, everyMs: 5, now: Date.now });
  expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  expect(recovery.passedAt[0]).not.toBeNull();
  expect(recovery.passedAt[1]).toBeNull();
  expect(recoveredAt(recovery)).toBeNull();
});

test("partName() names a part as the drill's messages do", () => {
  expect([partName({ kind: "router", process: "router-2" }), partName({ kind: "worker", process: "worker-1" }), partName({ kind: "kafka" })])
    .toEqual(["router-2", "worker-1", "kafka"]);
});

test("recoveredSeconds() rounds the time from the fault to a tenth of a second, null when not back", () => {
  expect(recoveredSeconds({ recoveryFrom: 1000, recoveredAt: 3449 })).toBe(2.4);
  expect(recoveredSeconds({ recoveryFrom: 1000, recoveredAt: 3450 })).toBe(2.5);
  expect(recoveredSeconds({ recoveryFrom: 1000, recoveredAt: null })).toBeNull();
});

test("caughtUp() needs every partition of the log end applied", () => {
  expect(caughtUp({ 0: 10, 1: 5 }, { 0: 10, 1: 6 })).toBe(true);
  expect(caughtUp({ 0: 10, 1: 5 }, { 0: 10 })).toBe(false);
  expect(caughtUp({ 0: 10 }, undefined)).toBe(false);
  expect(caughtUp({}, undefined)).toBe(true);
});

test("appliedOffsets() sums the checkpoints of every cluster, or of one", () => {
  const progress = { checkpoints: { A: { 0: 10, 1: 5 }, B: { 0: 7 } }, batchLines: 22 };
  expect(appliedOffsets(progress)).toBe(22);
  expect(appliedOffsets(progress, "B")).toBe(7);
  expect(appliedOffsets(progress, "C")).toBe(0);
});

test("withTimeout() gives the work's result in time and rejects naming the wait after it", async () => {
  expect(await withTimeout(Promise.resolve(3), 100)).toBe(3);
  await expect(withTimeout(new Promise(() => {}), 10)).rejects.toThrow("no answer within 10 ms");
});
