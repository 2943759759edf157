/**
 * Reads one telemetry message (JSON text) of any format version the product has
 * written, in the current shape. Never throws: a refused message comes back with a
 * reason code (for grouping and metrics) and the details (for people). Whether the
 * router wrote it (its signature) and whether its time is believable are for the
 * reader to judge: offline readers need neither, ingestion checks both.
 */
import type { z } from "zod";
import { escapeRefusedCharacters } from "./telemetry-bounds.ts";
import { TelemetryEvent } from "./telemetry-event.ts";
import { TelemetryEventV1, upgradeTelemetryEventV1 } from "./telemetry-event-v1.ts";
import { TelemetryEventV2, upgradeTelemetryEventV2 } from "./telemetry-event-v2.ts";
import { TelemetryRejectionReason } from "./telemetry-rejection.ts";

/** A format version some router has written. */
export type TelemetryFormatVersion = 1 | 2 | 3;

/** A telemetry event read from the topic or a file, or why the message was refused. */
export type ParsedTelemetryEvent =
  | { ok: true; event: TelemetryEvent; writtenAs: TelemetryFormatVersion }
  | { ok: false; reason: TelemetryRejectionReason; detail: string };

const MAX_SHOWN = 3;
/** The longest detail kept: the parser's words may quote the message, which the quarantine keeps whole. */
const MAX_DETAIL = 1000;
/** Details quote at most this much of a value: a quarantined message keeps the whole. */
const MAX_QUOTED = 80;

/** Parses one message value; older formats are upgraded (v1: unsigned, no caller's id; v1 and v2: not interleaved). */
export function parseTelemetryEvent(text: string): ParsedTelemetryEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: "not_json", detail: safe(`not JSON: ${error instanceof Error ? error.message : error}`) };
  }
  const version = typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as { formatVersion?: unknown }).formatVersion
    : undefined;
  if (version === 3) {
    const parsed = TelemetryEvent.safeParse(value);
    return parsed.success ? { ok: true, event: parsed.data, writtenAs: 3 } : refused(parsed.error);
  }
  if (version === 2) {
    const parsed = TelemetryEventV2.safeParse(value);
    return parsed.success ? { ok: true, event: upgradeTelemetryEventV2(parsed.data), writtenAs: 2 } : refused(parsed.error);
  }
  if (version === 1) {
    const parsed = TelemetryEventV1.safeParse(value);
    return parsed.success ? { ok: true, event: upgradeTelemetryEventV1(parsed.data), writtenAs: 1 } : refused(parsed.error);
  }
  if (version === undefined) {
    return { ok: false, reason: "invalid_event", detail: "invalid telemetry event: (event): not an object with a formatVersion" };
  }
  return {
    ok: false,
    reason: "bad_format_version",
    detail: safe(`invalid telemetry event: formatVersion: ${quote(version)} is not 1, 2 or 3`),
  };
}

/**
 * The refusal for zod's issues. A structural issue (a missing or unknown field, a wrong
 * type) makes it `invalid_event`; otherwise the first bound broken names the reason.
 */
function refused(error: z.ZodError): ParsedTelemetryEvent {
  const issues = error.issues;
  const reasons = issues.map(reasonOf);
  const reason = reasons.includes("invalid_event") ? "invalid_event" : reasons[0];
  const shown = issues.slice(0, MAX_SHOWN).map((issue) => `${issue.path.join(".") || "(event)"}: ${issue.message}`);
  return { ok: false, reason, detail: safe(`invalid telemetry event: ${shown.join("; ")}`) };
}

function reasonOf(issue: z.core.$ZodIssue): TelemetryRejectionReason {
  if (issue.code === "custom") {
    const named = TelemetryRejectionReason.safeParse(issue.params?.reason);
    return named.success ? named.data : "invalid_event";
  }
  if (issue.code === "too_big" && issue.origin === "string") return "text_too_long";
  // Infinity (JSON's 1e999) and NaN are numbers no column holds.
  if (issue.code === "invalid_type" && issue.expected === "number" && "received" in issue) {
    if (issue.received === "Infinity" || issue.received === "NaN") return "number_out_of_range";
  }
  return "invalid_event";
}

/** A value for a detail line: JSON, short, and without characters a text column refuses. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}

/** A detail a text column holds: refused characters escaped (a parser may quote them), bounded. */
function safe(detail: string): string {
  const clean = escapeRefusedCharacters(detail);
  return clean.length > MAX_DETAIL ? `${clean.slice(0, MAX_DETAIL)}…` : clean;
}
