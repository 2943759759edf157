import assert from "node:assert/strict";
import { fakeTimers } from "../infra/process/testing/fake-timers.ts";
import { createRulesHolder } from "./rules-holder.ts";
import { captureLogger } from "./testing/capture-logger.ts";
import { fakeRulesSource } from "./testing/fake-rules-source.ts";
import { routingRules } from "./testing/sample-rules.ts";

const holderFor = (source: ReturnType<typeof fakeRulesSource>, log = captureLogger()) =>
  createRulesHolder({ source, pollMs: 10_000, log });

Deno.test("refresh() applies a valid stored document", async () => {
  const holder = holderFor(fakeRulesSource(routingRules(3)));
  await holder.refresh();
  assert.equal(holder.current()?.version, 3);
});

Deno.test("refresh() keeps no rules while none are stored", async () => {
  const holder = holderFor(fakeRulesSource(null));
  await holder.refresh();
  assert.equal(holder.current(), null);
});

Deno.test("refresh() keeps the last good rules when the database is down, and logs it once", async () => {
  const source = fakeRulesSource(routingRules(1));
  const log = captureLogger();
  const holder = holderFor(source, log);
  await holder.refresh();
  source.down = true;
  await holder.refresh();
  await holder.poll();
  assert.equal(holder.current()?.version, 1);
  assert.deepEqual(log.lines.filter((l) => l.level === "warn").map((l) => l.message), [
    "rules database unreachable: keeping the rules in force",
  ]);
});

Deno.test("refresh() keeps the last good rules when the new version is invalid, logging why", async () => {
  const source = fakeRulesSource(routingRules(1));
  const log = captureLogger();
  const holder = holderFor(source, log);
  await holder.refresh();
  source.document = { ...routingRules(2), defaultPool: "nowhere" };
  await holder.poll();
  assert.equal(holder.current()?.version, 1);
  const refusal = log.lines.find((l) => l.level === "error");
  assert.equal(refusal?.fields?.refusedVersion, 2);
  assert.match(String(refusal?.fields?.errors), /defaultPool: pool "nowhere" is not in pools/);
});

Deno.test("poll() does not re-read a refused version until the version changes", async () => {
  const source = fakeRulesSource({ ...routingRules(2), defaultPool: "nowhere" });
  const holder = holderFor(source);
  await holder.refresh();
  const reads = source.reads;
  await holder.poll();
  await holder.poll();
  assert.equal(source.reads, reads);
  source.document = routingRules(3);
  await holder.poll();
  assert.equal(holder.current()?.version, 3);
});

Deno.test("start() applies a notified change without waiting for the poll", async () => {
  const source = fakeRulesSource(routingRules(1));
  const applied: number[] = [];
  const holder = createRulesHolder({
    source,
    pollMs: 60_000,
    log: captureLogger(),
    onApply: (rules) => applied.push(rules.version),
  });
  await holder.start();
  source.document = routingRules(2);
  source.notify();
  await new Promise((r) => setTimeout(r, 10));
  await holder.stop();
  assert.deepEqual(applied, [1, 2]);
});

Deno.test("start() without LISTEN applies a change by polling every pollMs", async () => {
  const source = fakeRulesSource(routingRules(1));
  const clock = fakeTimers();
  const holder = createRulesHolder({
    source,
    pollMs: 20,
    log: captureLogger(),
    listen: false,
    timers: clock,
  });
  await holder.start();
  source.document = routingRules(2);
  await clock.advance(19);
  assert.equal(holder.current()?.version, 1);
  await clock.advance(1);
  await holder.stop();
  assert.equal(holder.current()?.version, 2);
});

Deno.test("poll() says once that the database is reachable again", async () => {
  const source = fakeRulesSource(routingRules(1));
  const log = captureLogger();
  const holder = holderFor(source, log);
  await holder.refresh();
  source.down = true;
  await holder.poll();
  await holder.poll();
  source.down = false;
  await holder.poll();
  await holder.poll();
  assert.deepEqual(
    log.lines.filter((l) => l.message.startsWith("rules database")).map((l) => [l.level, l.message]),
    [
      ["warn", "rules database unreachable: keeping the rules in force"],
      ["info", "rules database reachable again"],
    ],
  );
});

Deno.test("current() serves the initial rules until the source is first read, then the source's", async () => {
  const source = fakeRulesSource(routingRules(6));
  source.down = true;
  const holder = createRulesHolder({ source, initial: routingRules(4), pollMs: 10_000, log: captureLogger() });
  assert.equal(holder.current()?.version, 4);
  await holder.refresh();
  assert.equal(holder.current()?.version, 4);
  source.down = false;
  await holder.refresh();
  assert.equal(holder.current()?.version, 6);
});

Deno.test("refresh() calls onApply for stored rules that differ from the initial ones, and only then", async () => {
  const applied: number[] = [];
  const source = fakeRulesSource(routingRules(4));
  const holder = createRulesHolder({
    source,
    initial: routingRules(4),
    pollMs: 10_000,
    log: captureLogger(),
    onApply: (rules) => void applied.push(rules.version),
  });
  await holder.refresh();
  source.document = routingRules(5);
  await holder.refresh();
  assert.deepEqual(applied, [5]);
});
