import { describe, expect, test } from "bun:test";
import { createLogger } from "../../infra/log/logger.ts";
import { CIRCLE, tinyServingModel } from "../scoring/testing/tiny-serving-model.ts";
import { fakeTimers } from "../../infra/process/testing/fake-timers.ts";
import { followRegistry } from "./follow-registry.ts";
import type { LoadResult } from "./load-serving-model.ts";
import { createModelManager } from "./model-manager.ts";
import type { RegistryEntry } from "./model-registry.ts";

function setup(options: { hang?: boolean; down?: boolean } = {}) {
  const loads: string[] = [];
  const lines: { message: string }[] = [];
  const reads: string[] = [];
  const unreachable: string[] = [];
  let row: RegistryEntry | null = null;
  let reachable = !options.down;
  const load = (path: string): Promise<LoadResult> => {
    loads.push(path);
    return Promise.resolve(path.startsWith("good-") ? { ok: true, model: tinyServingModel({ ...CIRCLE, version: path.slice(5) }) } : { ok: false, reason: "broken" });
  };
  const manager = createModelManager({ load, registry: null });
  let asked = 0;
  const registry = {
    resolve: () => {
      asked += 1;
      if (options.hang) return new Promise<RegistryEntry | null>(() => {});
      return reachable ? Promise.resolve(row) : Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    },
  };
  // A fake clock that never moves unless a test advances it: the test drives polls itself.
  const clock = fakeTimers();
  const follower = followRegistry({
    registry, manager, selector: "production", everyMs: 1_000, maxBackoffMs: 4_000, readTimeoutMs: 3_000,
    log: createLogger("test", (line) => lines.push(JSON.parse(line))), timers: clock, now: clock.now,
    onRead: (result) => reads.push(result),
    onUnreachable: (error) => unreachable.push(error instanceof Error ? error.message : String(error)),
  });
  return {
    manager, loads, follower, clock, lines, reads, unreachable,
    asked: () => asked,
    set: (version: string, artifactPath: string) => void (row = { version, artifactPath, status: "production" }),
    down: () => void (reachable = false),
    up: () => void (reachable = true),
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

  test("followRegistry() says once that the registry is unreachable, backs off to maxBackoffMs, and says when it is back", async () => {
    const { follower, clock, lines, reads, unreachable, asked, down, up, set } = setup({ down: true });
    await clock.advance(0); // the first read, at once
    // Retries 1 s, 2 s, 4 s, then every 4 s (the cap) after each failure: reads at 0, 1, 3, 7, 11, 15.
    await clock.advance(15_000);
    expect(asked()).toBe(6);
    expect(reads).toEqual(["failed", "failed", "failed", "failed", "failed", "failed"]);
    expect(unreachable).toEqual(["connect ECONNREFUSED 127.0.0.1:5432"]);
    expect(lines.map((l) => l.message)).toEqual(["model registry unreachable; serving on and retrying in the background"]);
    up();
    set("v1", "good-v1");
    await clock.advance(4_000);
    expect(reads.at(-1)).toBe("ok");
    expect(lines.map((l) => l.message).slice(1)).toEqual(["model registry reachable again", "model swapped from the registry"]);
    expect(lines[1]).toMatchObject({ failedReads: 6 });
    // Back to the normal pace, and a later outage is announced again.
    await clock.advance(1_000);
    expect(asked()).toBe(8);
    down();
    await clock.advance(1_000);
    expect(unreachable).toHaveLength(2);
    await follower.stop();
  });

  test("followRegistry() counts a read with no answer as failed after readTimeoutMs", async () => {
    const { manager, follower, clock, reads, unreachable } = setup({ hang: true });
    await clock.advance(2_999);
    expect(reads).toEqual([]);
    await clock.advance(1);
    expect(reads).toEqual(["failed"]);
    expect(unreachable).toEqual(["no answer after 3000 ms"]);
    expect(manager.current()).toBeNull();
    await follower.stop();
  });

  test("followRegistry() stop() gives up a read in flight at once, without counting it", async () => {
    const { follower, clock, reads, unreachable, asked } = setup({ hang: true });
    await clock.advance(10);
    expect(asked()).toBe(1);
    await follower.stop();
    expect(reads).toEqual([]);
    expect(unreachable).toEqual([]);
    expect(clock.pending()).toBe(0);
  });
});
