import assert from "node:assert/strict";
import { createUpstreamHealth } from "./upstream-health.ts";

const A = "http://worker-a:8080";
const options = { ejectAfterFailures: 3, ejectForMs: 5000 };

Deno.test("createUpstreamHealth() counts a worker it has never seen as available", () => {
  assert.equal(createUpstreamHealth(options).isAvailable(A, 0), true);
});

Deno.test("recordFailure() ejects a worker after three consecutive failures, for ejectForMs", () => {
  const health = createUpstreamHealth(options);
  health.recordFailure(A, 1000);
  health.recordFailure(A, 1000);
  assert.equal(health.isAvailable(A, 1000), true);
  health.recordFailure(A, 1000);
  assert.equal(health.isAvailable(A, 1000), false);
  assert.equal(health.isAvailable(A, 5999), false);
  assert.equal(health.isAvailable(A, 6000), true);
});

Deno.test("recordSuccess() resets the failure count, so scattered failures never eject", () => {
  const health = createUpstreamHealth(options);
  for (let i = 0; i < 10; i++) {
    health.recordFailure(A, i);
    health.recordFailure(A, i);
    health.recordSuccess(A);
  }
  assert.equal(health.isAvailable(A, 10), true);
});

Deno.test("recordFailure() re-ejects a recovered worker on its first failure", () => {
  const health = createUpstreamHealth(options);
  for (let i = 0; i < 3; i++) health.recordFailure(A, 0);
  health.recordFailure(A, 6000);
  assert.equal(health.isAvailable(A, 6000), false);
  assert.equal(health.isAvailable(A, 11_000), true);
});

Deno.test("recordCheck() takes a worker out while /readyz fails and back when it passes", () => {
  const health = createUpstreamHealth(options);
  health.recordCheck(A, false);
  assert.equal(health.isAvailable(A, 0), false);
  health.recordCheck(A, true);
  assert.equal(health.isAvailable(A, 0), true);
});

Deno.test("retain() forgets workers that left the rules", () => {
  const health = createUpstreamHealth(options);
  health.recordCheck(A, false);
  health.retain(new Set());
  assert.deepEqual(health.states(), []);
});
