/**
 * The router's signature over a telemetry event: HMAC-SHA256, keyed with the secret
 * that the router and ingestion share (TELEMETRY_SIGNING_KEY), over a canonical text
 * of every other field. The canonical text is a JSON array in a fixed order, so
 * neither key order nor whitespace in the message matters, and both runtimes produce
 * the same bytes (JSON numbers print the same way everywhere). A signed event cannot
 * be altered, and a new one cannot be made, without the key. Replaying a signed
 * event does nothing: the router's request id is its key in the store, so the copy is
 * a duplicate. node:crypto serves both Deno (router) and Bun (ingestion).
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { TelemetryEvent } from "./telemetry-event.ts";

/**
 * Names what is signed, so that a signature made for another purpose with the same
 * key never verifies as telemetry; a new format version signs under a new label.
 */
const SIGNING_LABEL_V2 = "movie-recommender/telemetry/2";
const SIGNING_LABEL_V3 = "movie-recommender/telemetry/3";

/**
 * The text the signature covers: every field but the signature, in a fixed order. An
 * event without an interleaving means what a format 2 event meant and is signed as
 * format 2 signed it, so events of routers before format 3 keep verifying; one with an
 * interleaving is signed under format 3's label with it, so it can neither be dropped
 * nor altered.
 */
export function telemetrySigningPayload(event: TelemetryEvent): string {
  const interleaving = event.interleaving ?? null;
  const fields = [
    event.requestId,
    event.clientRequestId,
    event.time,
    event.userId,
    event.status,
    event.latencyMs,
    event.pool,
    event.modelVersion,
    event.rulesVersion,
    event.assignments.map((a) => [a.experiment, a.variant]),
    event.items,
    event.fallback,
    event.fallbackReason,
  ];
  if (interleaving === null) return JSON.stringify([SIGNING_LABEL_V2, ...fields]);
  const { a, b, interleaved, teams } = interleaving;
  return JSON.stringify([SIGNING_LABEL_V3, ...fields, [a, b, interleaved, teams]]);
}

/** Signs events with `key`: the same event with its `signature` set. */
export function createTelemetrySigner(key: string): (event: TelemetryEvent) => TelemetryEvent {
  const secret = Buffer.from(key, "utf8");
  return (event) => ({
    ...event,
    signature: createHmac("sha256", secret).update(telemetrySigningPayload(event)).digest("hex"),
  });
}

/** What a signature says about who wrote an event. */
export type SignatureVerdict = "signed" | "unsigned" | "bad_signature";

/** Checks events' signatures against `key`, in constant time per signature. */
export function createTelemetryVerifier(key: string): (event: TelemetryEvent) => SignatureVerdict {
  const secret = Buffer.from(key, "utf8");
  return (event) => {
    if (event.signature === null) return "unsigned";
    const expected = createHmac("sha256", secret).update(telemetrySigningPayload(event)).digest();
    const given = Buffer.from(event.signature, "hex");
    return given.length === expected.length && timingSafeEqual(given, expected) ? "signed" : "bad_signature";
  };
}
