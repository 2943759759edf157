import { expect, test } from "bun:test";
import { accountEvents } from "./account-events.ts";

const before = { checkpoints: { A: { 0: 100, 1: 50 } }, batchLines: 1000 };

test("accountEvents() finds nothing lost or doubled when the store applied every offset once", () => {
  const after = { checkpoints: { A: { 0: 300, 1: 150 }, B: { 0: 40 } }, batchLines: 1000 + 200 + 100 + 40 };
  const account = accountEvents({
    clusters: [
      { clusterId: "A", logEnd: { 0: 300, 1: 150 }, killed: false },
      { clusterId: "B", logEnd: { 0: 40 }, killed: false },
    ],
    before, after,
    probes: [{ clusterId: "A", partition: 0, offset: 250, stored: true }],
  });
  expect([account.lost_events, account.duplicated_events, account.lost_with_kafka]).toEqual([0, 0, 0]);
  expect(account.detail).toEqual({ notApplied: 0, appliedLines: 340, checkpointAdvance: 340, probes: 1, probesMissing: 0 });
});

test("accountEvents() counts what a killed Kafka still held apart from what a live one holds unapplied", () => {
  const after = { checkpoints: { A: { 0: 280, 1: 150 }, B: { 0: 30 } }, batchLines: 1000 + 180 + 100 + 30 };
  const account = accountEvents({
    clusters: [
      { clusterId: "A", logEnd: { 0: 300, 1: 155 }, killed: true },
      { clusterId: "B", logEnd: { 0: 40 }, killed: false },
    ],
    before, after, probes: [],
  });
  expect(account.lost_with_kafka).toBe(25);
  expect(account.lost_events).toBe(10);
  expect(account.duplicated_events).toBe(0);
});

test("accountEvents() counts a batch applied twice as duplicated and offsets passed over as lost", () => {
  const doubled = accountEvents({
    clusters: [{ clusterId: "A", logEnd: { 0: 200, 1: 50 }, killed: false }],
    before, after: { checkpoints: { A: { 0: 200, 1: 50 } }, batchLines: 1000 + 100 + 25 }, probes: [],
  });
  expect([doubled.lost_events, doubled.duplicated_events]).toEqual([0, 25]);
  const skipped = accountEvents({
    clusters: [{ clusterId: "A", logEnd: { 0: 200, 1: 50 }, killed: false }],
    before, after: { checkpoints: { A: { 0: 200, 1: 50 } }, batchLines: 1000 + 90 }, probes: [],
  });
  expect([skipped.lost_events, skipped.duplicated_events]).toEqual([10, 0]);
});

test("accountEvents() counts a probe applied below its checkpoint but missing from the store as lost, not one still above it", () => {
  const account = accountEvents({
    clusters: [{ clusterId: "A", logEnd: { 0: 200, 1: 60 }, killed: false }],
    before,
    after: { checkpoints: { A: { 0: 200, 1: 50 } }, batchLines: 1000 + 100 },
    probes: [
      { clusterId: "A", partition: 0, offset: 120, stored: false },
      { clusterId: "A", partition: 0, offset: 121, stored: false },
      { clusterId: "A", partition: 1, offset: 55, stored: false },
      { clusterId: "A", partition: 1, offset: 20, stored: true },
    ],
  });
  // 10 offsets of partition 1 not applied (the probe at 55 among them), 2 probes applied but missing.
  expect(account.lost_events).toBe(12);
  expect(account.detail.probesMissing).toBe(2);
});

test("accountEvents() finds the loss of a checkpoint that skips a reused cluster's new lines through the probes alone", () => {
  // The store's checkpoint is ahead of the log (a cluster id seen again with its offsets reset): no gap, no batch.
  const account = accountEvents({
    clusters: [{ clusterId: "A", logEnd: { 0: 30, 1: 10 }, killed: false }],
    before, after: before,
    probes: [{ clusterId: "A", partition: 0, offset: 29, stored: false }],
  });
  expect(account.lost_events).toBe(1);
});
