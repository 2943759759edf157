/**
 * Turns one batch of telemetry messages into what the store must write: rows
 * de-duplicated by request id within the batch, and refused messages with a reason
 * code (for grouping) and the parser's words (for people). Pure.
 */
import { z } from "zod";
import { parseTelemetryEvent } from "../../shared/telemetry/index.ts";
import type { SourcedLine } from "./plan-batch.ts";
import type { QuarantineRow } from "./postgres-quarantine.ts";
import { type TelemetryRow, toTelemetryRow } from "./telemetry-row.ts";

/** Why a telemetry message was quarantined. */
export const TelemetryRejectionReason = z.enum(["not_json", "bad_format_version", "invalid_event"]);
export type TelemetryRejectionReason = z.infer<typeof TelemetryRejectionReason>;

export type TelemetryRejection = QuarantineRow & { readonly reason: TelemetryRejectionReason };

export type TelemetryBatchPlan = {
  readonly messages: number;
  readonly rows: TelemetryRow[];
  readonly rejections: TelemetryRejection[];
  /** Messages whose request id appeared earlier in the same batch. */
  readonly duplicatesInBatch: number;
  /** Latest request time among the rows. */
  readonly maxEventTime: number | null;
};

/** Parses the batch's messages; the first message of a request id wins. */
export function planTelemetryBatch(lines: readonly SourcedLine[]): TelemetryBatchPlan {
  const rows = new Map<string, TelemetryRow>();
  const rejections: TelemetryRejection[] = [];
  let duplicatesInBatch = 0;
  let maxEventTime: number | null = null;
  for (const line of lines) {
    const parsed = parseTelemetryEvent(line.raw);
    if (!parsed.ok) {
      rejections.push({
        raw: line.raw, bytes: line.bytes, partition: line.partition, position: line.position,
        reason: rejectionReason(parsed.reason), detail: parsed.reason,
      });
      continue;
    }
    if (rows.has(parsed.event.requestId)) {
      duplicatesInBatch++;
      continue;
    }
    rows.set(parsed.event.requestId, toTelemetryRow(parsed.event));
    if (maxEventTime === null || parsed.event.time > maxEventTime) maxEventTime = parsed.event.time;
  }
  return { messages: lines.length, rows: [...rows.values()], rejections, duplicatesInBatch, maxEventTime };
}

/**
 * The code for a parser refusal. A format-version issue wins over the others: an event
 * of another version is expected to differ in its other fields too.
 */
function rejectionReason(detail: string): TelemetryRejectionReason {
  if (detail.startsWith("not JSON")) return "not_json";
  if (/(?:^invalid telemetry event: |; )formatVersion: /.test(detail)) return "bad_format_version";
  return "invalid_event";
}
