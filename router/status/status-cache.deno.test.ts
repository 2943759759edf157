import assert from "node:assert/strict";
import { fakeTimers } from "../../infra/process/testing/fake-timers.ts";
import { createStatusCache } from "./status-cache.ts";
import { fakeStatusReader, T0 } from "./testing/sample-status-snapshot.ts";

function cacheAt(options: { waitMs?: number } = {}) {
  const clock = { now: T0 };
  const reader = fakeStatusReader();
  const experiments: string[][] = [];
  const cache = createStatusCache({
    reader: {
      read(request) {
        experiments.push([...request.experiments]);
        return reader.read(request);
      },
    },
    experiments: () => ["list-length"],
    now: () => clock.now,
    ...options,
  });
  return { cache, clock, reader, experiments };
}

Deno.test("createStatusCache() reads at most once per 15 s however often it is asked", async () => {
  const { cache, clock, reader, experiments } = cacheAt();
  assert.equal((await cache.current()).snapshot?.readAt, T0);
  clock.now = T0 + 14_999;
  assert.equal((await cache.current()).snapshot?.readAt, T0);
  assert.equal(reader.reads, 1);
  clock.now = T0 + 15_000;
  assert.equal((await cache.current()).snapshot?.readAt, T0 + 15_000);
  assert.equal(reader.reads, 2);
  assert.deepEqual(experiments, [["list-length"], ["list-length"]]);
});

Deno.test("createStatusCache() keeps the last snapshot when a read fails, and clears the failure after", async () => {
  const { cache, clock, reader } = cacheAt();
  await cache.current();
  reader.down = true;
  clock.now = T0 + 20_000;
  const failed = await cache.current();
  assert.equal(failed.snapshot?.readAt, T0);
  assert.deepEqual(failed.failure, {
    at: T0 + 20_000,
    error: "connect ECONNREFUSED 127.0.0.1:5432",
  });
  reader.down = false;
  clock.now = T0 + 40_000;
  const recovered = await cache.current();
  assert.equal(recovered.snapshot?.readAt, T0 + 40_000);
  assert.equal(recovered.failure, null);
});

Deno.test("createStatusCache() does not retry a failing database more than once per 15 s", async () => {
  const { cache, clock, reader } = cacheAt();
  reader.down = true;
  const first = await cache.current();
  assert.equal(first.snapshot, null);
  assert.equal(first.failure?.error, "connect ECONNREFUSED 127.0.0.1:5432");
  clock.now = T0 + 5_000;
  await cache.current();
  assert.equal(reader.reads, 1);
});

Deno.test("createStatusCache() stops waiting for a slow read after waitMs, and starts no second read meanwhile", async () => {
  const { cache, clock, reader } = cacheAt({ waitMs: 10 });
  let release = () => {};
  reader.hold = new Promise((resolve) => (release = resolve));
  const waiting = await cache.current();
  assert.deepEqual(waiting, { snapshot: null, failure: null, refreshing: true });
  clock.now = T0 + 60_000;
  await cache.current();
  assert.equal(reader.reads, 1);
  release();
  reader.hold = null;
  await new Promise((resolve) => setTimeout(resolve, 0));
  // The slow read landed; the next, due since T0 + 15 s, starts now and is quick.
  const done = await cache.current();
  assert.equal(done.refreshing, false);
  assert.equal(done.snapshot?.readAt, T0 + 60_000);
  assert.equal(reader.reads, 2);
});

Deno.test("createStatusCache() gives up a read that hangs past timeoutMs, keeps the last snapshot and says why", async () => {
  const timers = fakeTimers();
  const clock = { now: T0 };
  const reader = fakeStatusReader();
  const cache = createStatusCache({
    reader, experiments: () => [], now: () => clock.now, maxAgeMs: 60_000, waitMs: 2_000, timeoutMs: 30_000, timers,
  });
  await cache.current();
  reader.hold = new Promise(() => {}); // a query on a connection that died mid-flight
  clock.now = T0 + 60_000;
  const asked = cache.current();
  await timers.advance(2_000);
  assert.deepEqual(await asked, { snapshot: { ...reader.snapshot, readAt: T0 }, failure: null, refreshing: true });
  clock.now = T0 + 90_000;
  await timers.advance(28_000);
  assert.deepEqual(await cache.current(), {
    snapshot: { ...reader.snapshot, readAt: T0 },
    failure: { at: T0 + 90_000, error: "the load was still running after 30000 ms: given up" },
    refreshing: false,
  });
  assert.equal(reader.reads, 2);
  reader.hold = null;
  clock.now = T0 + 120_000;
  const recovered = await cache.current();
  assert.equal(recovered.snapshot?.readAt, T0 + 120_000);
  assert.equal(recovered.failure, null);
  assert.equal(reader.reads, 3);
});

Deno.test("createStatusCache() reads again at once when the running experiments change, and only then", async () => {
  const clock = { now: T0 };
  const reader = fakeStatusReader();
  let running: string[] = [];
  const asked: string[][] = [];
  const cache = createStatusCache({
    reader: { read: (request) => (asked.push([...request.experiments]), reader.read(request)) },
    experiments: () => running,
    now: () => clock.now,
  });
  await cache.current(); // a router serving before its rules load: no experiments yet
  clock.now = T0 + 1_000;
  await cache.current();
  assert.equal(reader.reads, 1);
  running = ["list-length"]; // the rules arrive
  clock.now = T0 + 2_000;
  assert.equal((await cache.current()).snapshot?.readAt, T0 + 2_000);
  clock.now = T0 + 3_000;
  await cache.current();
  assert.deepEqual(asked, [[], ["list-length"]]);
});
