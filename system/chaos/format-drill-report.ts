/**
 * The drill's output: the JSON object `bun run chaos --json` prints (its field names
 * and order are a contract), and the same figures as a readable table. Pure.
 */
import type { EventAccount } from "./account-events.ts";
import type { FaultReport } from "./judge-drill.ts";

/** `{"faults":[{"fault","requests","failed","max_latency_ms","recovered_s"}],"lost_events","duplicated_events","lost_with_kafka"}`. */
export type DrillReport = {
  readonly faults: readonly FaultReport[];
  readonly lost_events: number;
  readonly duplicated_events: number;
  readonly lost_with_kafka: number;
};

/** The contract object, with its fields in the documented order whatever the inputs carry. */
export function drillReport(faults: readonly FaultReport[], events: EventAccount): DrillReport {
  return {
    faults: faults.map((f) => ({
      fault: f.fault, requests: f.requests, failed: f.failed, max_latency_ms: f.max_latency_ms, recovered_s: f.recovered_s,
    })),
    lost_events: events.lost_events,
    duplicated_events: events.duplicated_events,
    lost_with_kafka: events.lost_with_kafka,
  };
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

/** The report as a table, the event figures, and the verdict. */
export function formatDrillTable(report: DrillReport, events: EventAccount, misses: readonly string[]): string {
  const header = ["fault", "requests", "failed", "max latency", "back after"];
  const rows = report.faults.map((f) => [
    f.fault, String(f.requests), String(f.failed), `${f.max_latency_ms} ms`, f.recovered_s === null ? "not back" : `${f.recovered_s} s`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join("  ");
  const d = events.detail;
  return [
    line(header),
    ...rows.map(line),
    "",
    `events: ${report.lost_events} lost, ${report.duplicated_events} duplicated, ${report.lost_with_kafka} died with the killed Kafka`,
    `  ${d.appliedLines} lines applied for ${d.checkpointAdvance} offsets; ${d.notApplied} acknowledged offsets not applied; ` +
    `${d.probes} probe lines, ${d.probesMissing} applied but missing from the store`,
    "",
    misses.length === 0 ? "every target met" : `targets missed:\n${misses.map((m) => `  - ${m}`).join("\n")}`,
  ].join("\n");
}
