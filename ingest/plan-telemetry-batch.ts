/**
 * Turns one batch of telemetry messages into what the store must write: rows
 * de-duplicated by request id within the batch, each with the message it came from
 * (so that a row the database refuses can be quarantined as sent), and refused
 * messages with a reason code (for grouping) and the words why (for people).
 *
 * A message is stored only when it is an event within bounds (parseTelemetryEvent),
 * the router signed it (anyone else who can write the topic could otherwise fail a
 * canary or hide an error spike), and its time is one the ingesting host's clock can
 * believe: telemetry times are the router's wall clock, so nothing genuine lies more
 * than the tolerance ahead of ours. Pure: the caller passes the verifier, the bounds
 * and the wall clock.
 */
import {
  parseTelemetryEvent,
  type SignatureVerdict,
  type TelemetryEvent,
  type TelemetryRejectionReason,
} from "../shared/telemetry/index.ts";
import { describeTimeVerdict, type EventTimeBounds, judgeEventTime } from "../shared/time/event-time-bounds.ts";
import type { SourcedLine } from "./plan-batch.ts";
import type { QuarantineRow } from "./postgres-quarantine.ts";
import { type TelemetryRow, toTelemetryRow } from "./telemetry-row.ts";

export type TelemetryRejection = QuarantineRow & { readonly reason: TelemetryRejectionReason };

/** A row to store and the message it came from. */
export type PlannedTelemetryRow = { readonly row: TelemetryRow; readonly line: SourcedLine };

export type TelemetryBatchPlan = {
  readonly messages: number;
  readonly rows: PlannedTelemetryRow[];
  readonly rejections: TelemetryRejection[];
  /** Messages whose request id appeared earlier in the same batch. */
  readonly duplicatesInBatch: number;
  /** Latest request time among the rows. */
  readonly maxEventTime: number | null;
};

export type TelemetryPlanOptions = {
  /** Who wrote an event (createTelemetryVerifier with the router's key). */
  readonly verify: (event: TelemetryEvent) => SignatureVerdict;
  readonly timeBounds: EventTimeBounds;
  /** The ingesting host's wall clock, epoch ms. */
  readonly nowMs: number;
};

/** Parses and judges the batch's messages; the first stored message of a request id wins. */
export function planTelemetryBatch(lines: readonly SourcedLine[], options: TelemetryPlanOptions): TelemetryBatchPlan {
  const rows = new Map<string, PlannedTelemetryRow>();
  const rejections: TelemetryRejection[] = [];
  let duplicatesInBatch = 0;
  let maxEventTime: number | null = null;
  for (const line of lines) {
    const judged = judgeMessage(line.raw, options);
    if (!judged.ok) {
      rejections.push({
        raw: line.raw, bytes: line.bytes, partition: line.partition, position: line.position,
        reason: judged.reason, detail: judged.detail,
      });
      continue;
    }
    const event = judged.event;
    if (rows.has(event.requestId)) {
      duplicatesInBatch++;
      continue;
    }
    rows.set(event.requestId, { row: toTelemetryRow(event), line });
    if (maxEventTime === null || event.time > maxEventTime) maxEventTime = event.time;
  }
  return { messages: lines.length, rows: [...rows.values()], rejections, duplicatesInBatch, maxEventTime };
}

type Judged =
  | { ok: true; event: TelemetryEvent }
  | { ok: false; reason: TelemetryRejectionReason; detail: string };

/** The event, or the first check it fails: form and bounds, then signature, then time. */
function judgeMessage(raw: string, options: TelemetryPlanOptions): Judged {
  const parsed = parseTelemetryEvent(raw);
  if (!parsed.ok) return parsed;
  const { event, writtenAs } = parsed;
  const signature = options.verify(event);
  if (signature === "unsigned") {
    const detail = writtenAs === 1
      ? "format 1 event: format 1 carries no signature"
      : "no signature: written by a router without TELEMETRY_SIGNING_KEY, or not by a router";
    return { ok: false, reason: "unsigned", detail };
  }
  if (signature === "bad_signature") {
    return { ok: false, reason: "bad_signature", detail: "the signature does not match the event under this ingestion's key" };
  }
  const verdict = judgeEventTime(event.time, options.timeBounds, options.nowMs);
  if (verdict !== "ok") {
    return { ok: false, reason: verdict, detail: describeTimeVerdict(verdict, event.time, options.timeBounds, options.nowMs) };
  }
  return { ok: true, event };
}
