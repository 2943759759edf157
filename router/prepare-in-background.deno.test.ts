import assert from "node:assert/strict";
import { fakeTimers } from "../infra/process/testing/fake-timers.ts";
import { prepareInBackground } from "./prepare-in-background.ts";
import { captureLogger } from "./testing/capture-logger.ts";

/** A preparation whose attempts fail while `down.value` is true. */
function setUp(down: { value: boolean }) {
  const clock = fakeTimers();
  const log = captureLogger();
  let attempts = 0;
  let ready = 0;
  const preparation = prepareInBackground({
    dependency: "database",
    attempt: () => {
      attempts += 1;
      return down.value
        ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"))
        : Promise.resolve();
    },
    onReady: () => void (ready += 1),
    servingFrom: () => ({ rulesVersion: 4, fallback: "static" }),
    log,
    baseBackoffMs: 250,
    maxBackoffMs: 5000,
    now: clock.now,
    timers: clock,
  });
  return { clock, log, preparation, attempts: () => attempts, ready: () => ready };
}

Deno.test("prepareInBackground() runs onReady once after a first attempt that succeeds, logging nothing", async () => {
  const { log, preparation, attempts, ready } = setUp({ value: false });
  assert.equal(await preparation.done, true);
  assert.deepEqual([attempts(), ready(), log.lines], [1, 1, []]);
});

Deno.test("prepareInBackground() logs one line while unreachable and one when reached, retrying with backoff", async () => {
  const down = { value: true };
  const { clock, log, preparation, attempts, ready } = setUp(down);
  // Backoff 250, 500, 1000, 2000, 4000, 5000, 5000 ms: seven attempts by 12.75 s.
  await clock.advance(12_750);
  assert.equal(attempts(), 7);
  assert.equal(ready(), 0);
  down.value = false;
  await clock.advance(5000);
  assert.equal(await preparation.done, true);
  assert.equal(ready(), 1);
  assert.deepEqual(log.lines.map((l) => [l.level, l.message, l.fields]), [
    ["warn", "database unreachable at start: serving without it, retrying in the background", {
      error: "connect ECONNREFUSED 127.0.0.1:5432",
      rulesVersion: 4,
      fallback: "static",
    }],
    ["info", "database reachable", { attempts: 8, unreachableForMs: 17_750 }],
  ]);
});

Deno.test("stop() ends the retries: no attempt after it, and onReady never runs", async () => {
  const down = { value: true };
  const { clock, preparation, attempts, ready } = setUp(down);
  await clock.advance(250);
  await preparation.stop();
  down.value = false;
  await clock.advance(60_000);
  assert.equal(await preparation.done, false);
  assert.deepEqual([attempts(), ready(), clock.pending()], [2, 0, 0]);
});
