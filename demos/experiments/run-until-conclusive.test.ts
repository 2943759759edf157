import { describe, expect, test } from "bun:test";
import type { ReportHeadline } from "./report-headline.ts";
import { runUntilConclusive, type WatchOptions } from "./run-until-conclusive.ts";

const headline = (conclusion: string, users = 100): ReportHeadline => ({
  users: { control: users, treatment: users }, srm_p: 0.5, lift: 0, ci: [-0.1, 0.1], p_value: 0.9, conclusion,
});

/** A fake clock the watch's sleeps advance; reports follow a script per key, by check number. */
function fakeWatch(script: Record<string, (check: number) => string | Error>, options: Partial<WatchOptions> = {}) {
  let time = 1_000_000;
  const checks = new Map<string, number>();
  const stops: { key: string; at: number }[] = [];
  const seconds: number[] = [];
  const errors: string[] = [];
  const watch: WatchOptions = {
    keys: Object.keys(script),
    capMs: 100_000,
    checkEveryMs: 10_000,
    now: () => time,
    sleep: (ms) => {
      time += ms;
      return Promise.resolve();
    },
    report: (key) => {
      const n = (checks.get(key) ?? 0) + 1;
      checks.set(key, n);
      time += 500; // a report takes time
      const outcome = script[key](n);
      return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(headline(outcome, n * 10));
    },
    stop: (key) => {
      stops.push({ key, at: time - 1_000_000 });
      return Promise.resolve();
    },
    onSecond: (s) => seconds.push(s),
    onReportError: (key, message) => errors.push(`${key}: ${message}`),
    ...options,
  };
  return { watch, checks, stops, seconds, errors };
}

describe("runUntilConclusive", () => {
  test("stops each experiment at its first conclusive report and the watch ends when none runs", async () => {
    const fake = fakeWatch({
      harmful: (n) => (n >= 2 ? "stop: guardrail harmed" : "no detectable difference"),
      same: (n) => (n >= 4 ? "equivalent" : "no detectable difference"),
    });
    const result = await runUntilConclusive(fake.watch);
    expect(result.map((r) => [r.key, r.conclusive, r.last?.conclusion])).toEqual([
      ["harmful", true, "stop: guardrail harmed"],
      ["same", true, "equivalent"],
    ]);
    expect(fake.checks.get("harmful")).toBe(2);
    expect(fake.checks.get("same")).toBe(4);
    expect(fake.stops.map((s) => s.key)).toEqual(["harmful", "same"]);
    // Checks come every 10 s: the fourth at about 40 s, well before the 100 s cap.
    expect(result[1].stoppedAfterMs).toBeGreaterThanOrEqual(40_000);
    expect(result[1].stoppedAfterMs).toBeLessThan(45_000);
  });

  test("stops what is still inconclusive at the cap, keeping its last report", async () => {
    const fake = fakeWatch({
      shipped: () => "ship",
      open: () => "no detectable difference",
    }, { capMs: 35_000 });
    const result = await runUntilConclusive(fake.watch);
    expect(result.map((r) => [r.key, r.conclusive, r.last?.conclusion])).toEqual([
      ["shipped", true, "ship"],
      ["open", false, "no detectable difference"],
    ]);
    expect(fake.stops.map((s) => s.key)).toEqual(["shipped", "open"]);
    expect(fake.stops[1].at).toBeGreaterThanOrEqual(35_000);
    expect(fake.stops[1].at).toBeLessThan(37_000);
    expect(fake.checks.get("open")).toBe(3);
    // The bar never runs past the cap.
    expect(Math.max(...fake.seconds)).toBe(35);
  });

  test("an SRM or an open verdict is not conclusive: the experiment keeps running", async () => {
    const fake = fakeWatch({ broken: () => "check assignment: SRM" }, { capMs: 25_000 });
    const [result] = await runUntilConclusive(fake.watch);
    expect(result.conclusive).toBe(false);
    expect(result.last?.conclusion).toBe("check assignment: SRM");
    expect(fake.checks.get("broken")).toBe(2);
  });

  test("a report that cannot be read is retried at the next check, not taken as a verdict", async () => {
    const fake = fakeWatch({ flaky: (n) => (n === 1 ? new Error("database restarting") : "equivalent") });
    const [result] = await runUntilConclusive(fake.watch);
    expect(fake.errors).toEqual(["flaky: database restarting"]);
    expect(result.conclusive).toBe(true);
    expect(fake.checks.get("flaky")).toBe(2);
  });

  test("a check slower than the period does not start the next one at once", async () => {
    let time = 0;
    const starts: number[] = [];
    await runUntilConclusive({
      keys: ["slow"], capMs: 60_000, checkEveryMs: 10_000,
      now: () => time,
      sleep: (ms) => {
        time += ms;
        return Promise.resolve();
      },
      report: () => {
        starts.push(time);
        time += 14_000;
        return Promise.resolve(headline("no detectable difference"));
      },
      stop: () => Promise.resolve(),
    });
    for (let i = 1; i < starts.length; i++) expect(starts[i] - (starts[i - 1] + 14_000)).toBeGreaterThanOrEqual(5_000);
  });

  test("an interruption stops what runs within a second, as the cap would", async () => {
    let asked = false;
    const fake = fakeWatch({ open: () => "no detectable difference" }, { interrupted: () => asked });
    const watch = fake.watch;
    const sleep = watch.sleep;
    let slept = 0;
    const result = await runUntilConclusive({
      ...watch,
      sleep: async (ms) => {
        slept += ms;
        if (slept >= 12_500) asked = true;
        await sleep(ms);
      },
    });
    expect(result[0].conclusive).toBe(false);
    expect(fake.stops.map((s) => s.key)).toEqual(["open"]);
    expect(fake.stops[0].at).toBeLessThanOrEqual(14_000);
  });
});
