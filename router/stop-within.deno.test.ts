import assert from "node:assert/strict";
import { stopWithin } from "./stop-within.ts";

Deno.test("stopWithin() resolves when the step ends in time", async () => {
  let stopped = false;
  await stopWithin(1000, () => Promise.resolve().then(() => void (stopped = true)))();
  assert.equal(stopped, true);
});

Deno.test("stopWithin() gives up a step that never ends, naming the bound", async () => {
  await assert.rejects(
    stopWithin(20, () => new Promise(() => {}))(),
    /^Error: still running after 20 ms: given up$/,
  );
});

Deno.test("stopWithin() passes on a step's own failure, thrown or rejected", async () => {
  await assert.rejects(
    stopWithin(1000, () => {
      throw new Error("socket closed");
    })(),
    /socket closed/,
  );
  await assert.rejects(stopWithin(1000, () => Promise.reject(new Error("refused")))(), /refused/);
});
