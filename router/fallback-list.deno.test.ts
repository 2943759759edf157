import assert from "node:assert/strict";
import { cleanItems, createFallbackList } from "./fallback-list.ts";
import { fakeTimers } from "../infra/process/testing/fake-timers.ts";
import { STATIC_FALLBACK } from "./static-fallback.ts";
import { captureLogger } from "./testing/capture-logger.ts";

const initial = { items: ["akira+1988"], source: "static" };

Deno.test("refresh() replaces the list with what was loaded", async () => {
  const list = createFallbackList({
    refreshMs: 60_000,
    initial,
    load: () => Promise.resolve({ items: ["inception+2010", "heat+1995"], source: "registry:v1" }),
    log: captureLogger(),
  });
  await list.refresh();
  assert.deepEqual(list.current(), {
    items: ["inception+2010", "heat+1995"],
    source: "registry:v1",
  });
});

Deno.test("refresh() keeps the last list when the database goes away", async () => {
  let down = false;
  const list = createFallbackList({
    refreshMs: 60_000,
    initial,
    load: () =>
      down
        ? Promise.reject(new Error("ECONNREFUSED"))
        : Promise.resolve({ items: ["heat+1995"], source: "watch_sessions" }),
    log: captureLogger(),
  });
  await list.refresh();
  down = true;
  await list.refresh();
  assert.deepEqual(list.current(), { items: ["heat+1995"], source: "watch_sessions" });
});

Deno.test("refresh() keeps the last list when nothing usable was loaded", async () => {
  const list = createFallbackList({
    refreshMs: 60_000,
    initial,
    load: () => Promise.resolve({ items: ["bad id,with comma", 7], source: "registry:v2" }),
    log: captureLogger(),
  });
  await list.refresh();
  assert.deepEqual(list.current(), initial);
});

Deno.test("start() refreshes the list every refreshMs until stop()", async () => {
  const clock = fakeTimers();
  let loads = 0;
  const list = createFallbackList({
    initial,
    load: () => Promise.resolve({ items: [`movie+${++loads}`], source: "watch_sessions" }),
    refreshMs: 60_000,
    log: captureLogger(),
    timers: clock,
  });
  await list.start();
  assert.deepEqual(list.current().items, ["movie+1"]);
  await clock.advance(120_000);
  assert.deepEqual(list.current().items, ["movie+3"]);
  await list.stop();
  await clock.advance(60_000);
  assert.equal(loads, 3);
});

Deno.test("cleanItems() keeps 20 distinct well-formed ids in order", () => {
  const ids = Array.from({ length: 30 }, (_, i) => `movie+${i}`);
  assert.deepEqual(cleanItems(["movie+0", "", "a/b", ...ids]), ids.slice(0, 20));
});

Deno.test("createFallbackList() cleans its initial list like a loaded one, so an answer never exceeds 20 ids", () => {
  const ids = Array.from({ length: 25 }, (_, i) => `movie+${i}`);
  const list = createFallbackList({
    refreshMs: 60_000,
    initial: { items: ["a/b", ...ids], source: "static" },
    load: () => Promise.resolve(null),
    log: captureLogger(),
  });
  assert.deepEqual(list.current(), { items: ids.slice(0, 20), source: "static" });
});

Deno.test("the static fallback is already a clean answer of at most 20 ids", () => {
  assert.deepEqual(cleanItems(STATIC_FALLBACK), STATIC_FALLBACK);
});

Deno.test("refresh() calls onChange when the loaded list differs from the one held, and only then", async () => {
  const changes: unknown[] = [];
  let loaded = { items: ["heat+1995"], source: "watch_sessions" };
  const list = createFallbackList({
    refreshMs: 60_000,
    initial,
    load: () => Promise.resolve(loaded),
    log: captureLogger(),
    onChange: (fallback) => void changes.push(fallback),
  });
  await list.refresh();
  await list.refresh();
  loaded = { items: ["heat+1995", "akira+1988"], source: "watch_sessions" };
  await list.refresh();
  loaded = { items: ["heat+1995", "akira+1988"], source: "registry:als-2" };
  await list.refresh();
  assert.deepEqual(changes, [
    { items: ["heat+1995"], source: "watch_sessions" },
    { items: ["heat+1995", "akira+1988"], source: "watch_sessions" },
    { items: ["heat+1995", "akira+1988"], source: "registry:als-2" },
  ]);
});
