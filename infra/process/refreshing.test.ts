import { describe, expect, test } from "bun:test";
import { refreshing } from "./refreshing.ts";
import { fakeTimers } from "./testing/fake-timers.ts";

/** A load whose calls a test resolves or fails one at a time. */
function manualLoad<T>() {
  const calls: { previous: T; resolve(value: T): void; reject(error: Error): void }[] = [];
  const load = (previous: T) => new Promise<T>((resolve, reject) => void calls.push({ previous, resolve, reject }));
  return { calls, load };
}

describe("refreshing()", () => {
  test("refreshing() holds the initial value until the first load, then the loaded one", async () => {
    const held = refreshing({ initial: "none", load: () => Promise.resolve("v1"), intervalMs: 1000, timers: fakeTimers() });
    expect(held.current()).toBe("none");
    await held.refresh();
    expect(held.current()).toBe("v1");
  });

  test("start() loads at once, then intervalMs after each load finished", async () => {
    const clock = fakeTimers(0);
    const loadedAt: number[] = [];
    const held = refreshing({
      initial: 0,
      load: (previous) => {
        loadedAt.push(clock.now());
        return Promise.resolve(previous + 1);
      },
      intervalMs: 1000,
      timers: clock,
    });
    await held.start();
    await clock.advance(3500);
    expect(loadedAt).toEqual([0, 1000, 2000, 3000]);
    expect(held.current()).toBe(4);
  });

  test("refreshing() passes the value in force to load(), which keeps it by returning it", async () => {
    const seen: string[] = [];
    const held = refreshing({ initial: "a", load: (previous) => (seen.push(previous), Promise.resolve(previous)), intervalMs: 10, timers: fakeTimers() });
    await held.refresh();
    await held.refresh();
    expect(seen).toEqual(["a", "a"]);
    expect(held.current()).toBe("a");
  });

  test("refreshing() keeps the last good value while loads fail, counting the failures in a row", async () => {
    const clock = fakeTimers(0);
    const results: (number | Error)[] = [1, new Error("connect ECONNREFUSED"), new Error("connect ECONNREFUSED"), 2];
    const errors: [string, number][] = [];
    const recovered: number[] = [];
    const held = refreshing({
      initial: 0,
      load: () => {
        const next = results.shift()!;
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      intervalMs: 100,
      onError: (error, streak) => errors.push([(error as Error).message, streak]),
      onRecover: (streak) => recovered.push(streak),
      timers: clock,
    });
    await held.start();
    await clock.advance(200);
    expect(held.current()).toBe(1);
    expect(errors).toEqual([["connect ECONNREFUSED", 1], ["connect ECONNREFUSED", 2]]);
    expect(recovered).toEqual([]);
    await clock.advance(100);
    expect(held.current()).toBe(2);
    expect(recovered).toEqual([2]);
  });

  test("refresh() during a load runs one more load after it, however often it is asked", async () => {
    const { calls, load } = manualLoad<number>();
    const held = refreshing({ initial: 0, load, intervalMs: 1000, timers: fakeTimers() });
    const first = held.refresh();
    const second = held.refresh();
    held.refresh();
    await Promise.resolve();
    expect(calls.length).toBe(1);
    calls[0].resolve(1);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls.map((c) => c.previous)).toEqual([0, 1]);
    calls[1].resolve(2);
    await Promise.all([first, second]);
    expect(calls.length).toBe(2);
    expect(held.current()).toBe(2);
  });

  test("stop() ends the interval and waits for the running load", async () => {
    const clock = fakeTimers(0);
    const { calls, load } = manualLoad<number>();
    const held = refreshing({ initial: 0, load, intervalMs: 100, timers: clock });
    const started = held.start();
    let stoppedAt = null as number | null;
    const stopping = held.stop().then(() => (stoppedAt = calls.length));
    await Promise.resolve();
    expect(stoppedAt).toBeNull();
    calls[0].resolve(7);
    await Promise.all([started, stopping]);
    expect(stoppedAt).toBe(1);
    expect(clock.pending()).toBe(0);
    await clock.advance(1000);
    expect(calls.length).toBe(1);
    expect(held.current()).toBe(7);
  });

  test("refreshing() refuses an interval that is not a positive number, naming the value", () => {
    expect(() => refreshing({ initial: 0, load: () => Promise.resolve(1), intervalMs: 0 })).toThrow(
      "Cannot refresh as 'intervalMs' must be a positive number: current value is 0",
    );
  });

  test("refreshing() gives up a load that hangs past timeoutMs, counts it as a failure and goes on", async () => {
    const clock = fakeTimers(0);
    const { calls, load } = manualLoad<string>();
    const errors: string[] = [];
    const held = refreshing({
      initial: "v0",
      load,
      intervalMs: 250,
      timeoutMs: 500,
      onError: (error) => errors.push((error as Error).message),
      timers: clock,
    });
    void held.start();
    await clock.advance(0);
    expect(calls).toHaveLength(1); // hangs: never resolved
    await clock.advance(500);
    expect(errors).toEqual(["the load was still running after 500 ms: given up"]);
    await clock.advance(250);
    expect(calls).toHaveLength(2);
    calls[1].resolve("v2");
    await clock.advance(0);
    expect(held.current()).toBe("v2");
    calls[0].resolve("stale"); // the given-up load's late answer changes nothing
    await clock.advance(0);
    expect(held.current()).toBe("v2");
    await held.stop();
  });
});
