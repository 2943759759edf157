import { expect, test } from "bun:test";
import { createShutdown } from "./on-shutdown.ts";

function fakeProcess() {
  const handlers = new Map<string, () => void>();
  const exits: number[] = [];
  return { handlers, exits, options: { exit: (code: number) => void exits.push(code), listen: (s: string, h: () => void) => void handlers.set(s, h) } };
}

test("createShutdown() stops steps in reverse order of registration, then exits 0 on a signal", async () => {
  const fake = fakeProcess();
  const order: string[] = [];
  const shutdown = createShutdown(fake.options);
  shutdown.add("database", () => void order.push("database"));
  shutdown.add("server", () => Promise.resolve().then(() => void order.push("server")));
  fake.handlers.get("SIGTERM")!();
  await shutdown.stop("again");
  expect(order).toEqual(["server", "database"]);
  expect(fake.exits).toEqual([0]);
});

test("createShutdown() runs once when signalled twice", async () => {
  const fake = fakeProcess();
  let stops = 0;
  const shutdown = createShutdown(fake.options);
  shutdown.add("server", () => void stops++);
  fake.handlers.get("SIGINT")!();
  fake.handlers.get("SIGTERM")!();
  await shutdown.stop("SIGINT");
  expect(stops).toBe(1);
  expect(fake.exits).toEqual([0]);
});

test("createShutdown() goes on after a failing step and exits with the given code", async () => {
  const fake = fakeProcess();
  const failed: string[] = [];
  const order: string[] = [];
  const shutdown = createShutdown({ ...fake.options, onStepError: (name) => void failed.push(name) });
  shutdown.add("database", () => void order.push("database"));
  shutdown.add("kafka", () => Promise.reject(new Error("gone")));
  await shutdown.stop("start failed", 1);
  expect(failed).toEqual(["kafka"]);
  expect(order).toEqual(["database"]);
  expect(fake.exits).toEqual([1]);
});

test("createShutdown() exits after timeoutMs when a step hangs, naming it", async () => {
  const fake = fakeProcess();
  const pending: string[] = [];
  const shutdown = createShutdown({ ...fake.options, timeoutMs: 20, onTimeout: (name) => void pending.push(name) });
  shutdown.add("consumer", () => new Promise(() => {}));
  await shutdown.stop("SIGTERM");
  expect(pending).toEqual(["consumer"]);
  expect(fake.exits).toEqual([0]);
});

test("createShutdown() exits with signalExitCode after a signal", async () => {
  const fake = fakeProcess();
  const shutdown = createShutdown({ ...fake.options, signalExitCode: 130 });
  fake.handlers.get("SIGINT")!();
  await shutdown.stop("SIGINT");
  expect(fake.exits).toEqual([130]);
});
