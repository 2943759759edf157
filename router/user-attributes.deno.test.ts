import assert from "node:assert/strict";
import type { UserAttributes } from "../shared/rules/index.ts";
import { fakeTimers } from "../infra/process/testing/fake-timers.ts";
import { captureLogger } from "./testing/capture-logger.ts";
import { createUserAttributes } from "./user-attributes.ts";

const WRITER: UserAttributes = { ageBand: "25-34", gender: "F", occupation: "writer" };
const RETIRED: UserAttributes = { ageBand: "65+", gender: "M", occupation: "retired" };

/** A fake user_profiles source: answers `maps` in turn (each a new version), or fails while `down`. */
function fakeSource(...maps: Map<number, UserAttributes>[]) {
  const source = {
    loads: 0,
    checks: 0,
    down: false,
    version: () => {
      if (source.down) return Promise.reject(new Error("ECONNREFUSED"));
      source.checks++;
      return Promise.resolve(String(Math.min(source.loads, maps.length - 1)));
    },
    load: () => {
      if (source.down) return Promise.reject(new Error("ECONNREFUSED"));
      const map = maps[Math.min(source.loads, maps.length - 1)];
      source.loads++;
      return Promise.resolve(map);
    },
  };
  return source;
}

Deno.test("refresh() loads the profiles when a rule targets by attributes", async () => {
  const source = fakeSource(new Map([[1, WRITER], [2, RETIRED]]));
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => true,
    refreshMs: 30_000,
    log: captureLogger(),
  });
  assert.equal(holder.get(1), undefined);
  await holder.refresh();
  assert.deepEqual([holder.get(1), holder.get(2), holder.get(3)], [WRITER, RETIRED, undefined]);
});

Deno.test("refresh() loads nothing while no rule targets by attributes", async () => {
  const source = fakeSource(new Map([[1, WRITER]]));
  let needed = false;
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => needed,
    refreshMs: 30_000,
    log: captureLogger(),
  });
  await holder.refresh();
  assert.equal(source.loads, 0);
  assert.equal(holder.get(1), undefined);
  needed = true;
  await holder.refresh();
  assert.deepEqual(holder.get(1), WRITER);
});

Deno.test("refresh() keeps the last profiles when a load fails, and warns once", async () => {
  const source = fakeSource(new Map([[1, WRITER]]), new Map([[1, RETIRED]]));
  const log = captureLogger();
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => true,
    refreshMs: 30_000,
    log,
  });
  await holder.refresh();
  source.down = true;
  await holder.refresh();
  await holder.refresh();
  assert.deepEqual(holder.get(1), WRITER);
  assert.deepEqual(log.lines.filter((l) => l.level === "warn").map((l) => l.message), [
    "cannot load user attributes: keeping the last ones",
  ]);
  source.down = false;
  await holder.refresh();
  assert.deepEqual(holder.get(1), RETIRED);
});

Deno.test("refresh() during a load checks the version once more after it, and reads an unchanged table once", async () => {
  const source = fakeSource(new Map([[1, WRITER]]));
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => true,
    refreshMs: 30_000,
    log: captureLogger(),
  });
  await Promise.all([holder.refresh(), holder.refresh(), holder.refresh()]);
  assert.deepEqual({ checks: source.checks, loads: source.loads }, { checks: 2, loads: 1 });
});

Deno.test("start() loads at once and then every refreshMs until stop()", async () => {
  const source = fakeSource(new Map([[1, WRITER]]));
  const clock = fakeTimers();
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => true,
    refreshMs: 20,
    log: captureLogger(),
    timers: clock,
  });
  await holder.start();
  assert.equal(source.loads, 1);
  await clock.advance(60);
  await holder.stop();
  assert.equal(source.checks, 4);
  assert.equal(source.loads, 1, "an unchanged table is not read again");
  await clock.advance(100);
  assert.equal(source.checks, 4);
});

Deno.test("refresh() forgets the profiles once no rule targets by attributes", async () => {
  const source = fakeSource(new Map([[1, WRITER]]));
  let needed = true;
  const holder = createUserAttributes({
    load: source.load,
    version: source.version,
    needed: () => needed,
    refreshMs: 30_000,
    log: captureLogger(),
  });
  await holder.refresh();
  assert.deepEqual(holder.get(1), WRITER);
  needed = false;
  await holder.refresh();
  assert.equal(holder.get(1), undefined);
  needed = true;
  await holder.refresh();
  assert.deepEqual(holder.get(1), WRITER);
});
