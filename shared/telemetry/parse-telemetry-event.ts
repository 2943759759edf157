import { TelemetryEvent } from "./telemetry-event.ts";

/** A telemetry event read from the topic, or why the message was refused. */
export type ParsedTelemetryEvent =
  | { ok: true; event: TelemetryEvent }
  | { ok: false; reason: string };

const MAX_SHOWN = 3;

/** Parses one message value (JSON text) into a TelemetryEvent; never throws. */
export function parseTelemetryEvent(text: string): ParsedTelemetryEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : error}` };
  }
  const parsed = TelemetryEvent.safeParse(value);
  if (parsed.success) return { ok: true, event: parsed.data };
  const issues = parsed.error.issues.slice(0, MAX_SHOWN)
    .map((issue) => `${issue.path.join(".") || "(event)"}: ${issue.message}`);
  return { ok: false, reason: `invalid telemetry event: ${issues.join("; ")}` };
}
