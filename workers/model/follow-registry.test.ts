import { describe, expect, test } from "bun:test";
import { createLogger } from "../../infra/log/logger.ts";
import { CIRCLE, tinyServingModel } from "../scoring/testing/tiny-serving-model.ts";
import { fakeTimers } from "../../infra/process/testing/fake-timers.ts";
import { followRegistry } from "./follow-registry.ts";
import type { LoadResult } from "./load-serving-model.ts";
import { createModelManager } from "./model-manager.ts";
import type { RegistryEntry } from "./model-registry.ts";

const log = createLogger("test", () => {});

function setup() {
  const loads: string[] = [];
  let row: RegistryEntry | null = null;
  let reachable = true;
  const load = (path: string): Promise<LoadResult> => {
    loads.push(path);
    return Promise.resolve(path.startsWith("good-") ? { ok: true, model: tinyServingModel({ ...CIRCLE, version: path.slice(5) }) } : { ok: false, reason: "broken" });
  };
  const manager = createModelManager({ load, registry: null });
  const registry = { resolve: () => (reachable ? Promise.resolve(row) : Promise.reject(new Error("down"))) };
  // A fake clock that never moves unless a test advances it: the test drives polls itself.
  const clock = fakeTimers();
  const follower = followRegistry({ registry, manager, selector: "production", everyMs: 1_000, log, timers: clock });
  return {
    manager, loads, follower, clock,
    set: (version: string, artifactPath: string) => void (row = { version, artifactPath, status: "production" }),
    down: () => void (reachable = false),
  };
}

describe("followRegistry", () => {
  test("followRegistry() loads the production model when the registry names a new one, and only then", async () => {
    const { manager, loads, follower, set } = setup();
    await follower.poll();
    expect(manager.current()).toBeNull();
    set("v1", "good-v1");
    await follower.poll();
    await follower.poll();
    set("v2", "good-v2");
    await follower.poll();
    follower.stop();
    expect(loads).toEqual(["good-v1", "good-v2"]);
    expect(manager.current()?.version).toBe("v2");
  });

  test("followRegistry() tries a refused artifact once and keeps serving the previous model", async () => {
    const { manager, loads, follower, set } = setup();
    set("v1", "good-v1");
    await follower.poll();
    set("v2", "bad-v2");
    await follower.poll();
    await follower.poll();
    follower.stop();
    expect(loads).toEqual(["good-v1", "bad-v2"]);
    expect(manager.current()?.version).toBe("v1");
  });

  test("followRegistry() keeps serving when the registry is unreachable", async () => {
    const { manager, follower, set, down } = setup();
    set("v1", "good-v1");
    await follower.poll();
    down();
    await follower.poll();
    follower.stop();
    expect(manager.current()?.version).toBe("v1");
  });

  test("followRegistry() polls at once, then every everyMs until stopped", async () => {
    const { manager, loads, follower, set, clock } = setup();
    await clock.advance(0);
    set("v1", "good-v1");
    await clock.advance(999);
    expect(manager.current()).toBeNull();
    await clock.advance(1);
    expect(manager.current()?.version).toBe("v1");
    await follower.stop();
    set("v2", "good-v2");
    await clock.advance(5_000);
    expect(loads).toEqual(["good-v1"]);
  });
});
