import { expect, test } from "bun:test";
import { drillReport, formatDrillTable } from "./format-drill-report.ts";

const events = {
  lost_events: 0, duplicated_events: 0, lost_with_kafka: 12,
  detail: { notApplied: 0, appliedLines: 5000, checkpointAdvance: 5000, probes: 300, probesMissing: 0 },
};

test("drillReport() prints the contract's fields in the contract's order", () => {
  const report = drillReport([{ recovered_s: 1.5, failed: 2, fault: "kill-router", max_latency_ms: 31, requests: 900 }], events);
  expect(JSON.stringify(report)).toBe(
    '{"faults":[{"fault":"kill-router","requests":900,"failed":2,"max_latency_ms":31,"recovered_s":1.5}],"lost_events":0,"duplicated_events":0,"lost_with_kafka":12}',
  );
});

test("formatDrillTable() shows one row per fault, the event figures and the misses", () => {
  const report = drillReport([
    { fault: "kill-router", requests: 900, failed: 2, max_latency_ms: 31, recovered_s: 1.5 },
    { fault: "kill-database", requests: 4000, failed: 0, max_latency_ms: 120, recovered_s: null },
  ], events);
  expect(formatDrillTable(report, events, ["kill-database: did not serve again within the drill's wait"])).toBe([
    "fault          requests  failed  max latency  back after",
    "kill-router         900       2        31 ms       1.5 s",
    "kill-database      4000       0       120 ms    not back",
    "",
    "events: 0 lost, 0 duplicated, 12 died with the killed Kafka",
    "  5000 lines applied for 5000 offsets; 0 acknowledged offsets not applied; 300 probe lines, 0 applied but missing from the store",
    "",
    "targets missed:",
    "  - kill-database: did not serve again within the drill's wait",
  ].join("\n"));
  expect(formatDrillTable(report, events, [])).toEndWith("\nevery target met");
});
