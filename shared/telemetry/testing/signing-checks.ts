/**
 * Checks of the telemetry signature, written once and run by both runtimes' test files
 * (sign-telemetry-event.test.ts for ingestion's Bun, sign-telemetry-event.deno.test.ts
 * for the router's Deno) against signing-cases.json, whose signatures openssl computed.
 * Each check throws on failure.
 */
import { strict as assert } from "node:assert";
import { parseTelemetryEvent } from "../parse-telemetry-event.ts";
import { createTelemetrySigner, createTelemetryVerifier, telemetrySigningPayload } from "../sign-telemetry-event.ts";
import type { TelemetryEvent } from "../telemetry-event.ts";
import cases from "./signing-cases.json" with { type: "json" };

const events = cases.cases.map((c) => ({ ...c, event: c.event as TelemetryEvent }));

/** The canonical text and the signature of every case are the ones in the file. */
export function checkSignaturesMatchCases(): void {
  const sign = createTelemetrySigner(cases.key);
  for (const { name, event, payload, signature } of events) {
    assert.equal(telemetrySigningPayload(event), payload, name);
    assert.deepEqual(sign(event), { ...event, signature }, name);
  }
}

/** A signed event verifies after a trip through JSON in any key order; unsigned is told apart from forged. */
export function checkVerification(): void {
  const verify = createTelemetryVerifier(cases.key);
  const signed = createTelemetrySigner(cases.key)(events[0].event);
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(signed).reverse()), null, 2);
  const read = parseTelemetryEvent(reordered);
  assert.ok(read.ok);
  assert.equal(verify(read.event), "signed");
  assert.equal(verify({ ...signed, signature: null }), "unsigned");
  assert.equal(verify(createTelemetrySigner(`${cases.key}-other`)(events[0].event)), "bad_signature");
  assert.equal(verify({ ...signed, signature: "0".repeat(64) }), "bad_signature");
  assert.equal(verify({ ...signed, signature: "abc" }), "bad_signature");
}

/** Changing any one field of a signed event, or moving an item, breaks its signature. */
export function checkEveryFieldIsSigned(): void {
  const verify = createTelemetryVerifier(cases.key);
  const signed = createTelemetrySigner(cases.key)(events[0].event);
  const changes: Partial<TelemetryEvent>[] = [
    { requestId: "0b6f8f7e-2c1a-4d1e-9a53-5e8b1f6f2d12" },
    { clientRequestId: "someone" },
    { time: signed.time + 1 },
    { userId: 43 },
    { userId: null },
    { status: 500 },
    { latencyMs: 3.000001 },
    { pool: "canary" },
    { modelVersion: "als-other" },
    { rulesVersion: 8 },
    { assignments: [{ experiment: "ranker", variant: "v1" }] },
    { assignments: [] },
    { items: [...signed.items].reverse() },
    { items: [...signed.items, "up+2009"] },
    { fallback: true },
    { fallbackReason: "no_rules" },
  ];
  for (const change of changes) {
    assert.equal(verify({ ...signed, ...change }), "bad_signature", JSON.stringify(change));
  }
  const interleavedCase = events.find((e) => e.event.interleaving?.interleaved);
  assert.ok(interleavedCase, "signing-cases.json holds an interleaved event");
  const interleaved = createTelemetrySigner(cases.key)(interleavedCase.event);
  const interleaving = interleaved.interleaving!;
  const interleavingChanges: Partial<TelemetryEvent>[] = [
    { interleaving: null },
    { interleaving: { ...interleaving, interleaved: false } },
    { interleaving: { ...interleaving, a: interleaving.b, b: interleaving.a } },
    { interleaving: { ...interleaving, teams: interleaving.teams.map((t) => (t === "A" ? "B" : "A")) } },
  ];
  assert.equal(verify(interleaved), "signed");
  for (const change of interleavingChanges) {
    assert.equal(verify({ ...interleaved, ...change }), "bad_signature", JSON.stringify(change));
  }
}

/**
 * A format 2 event, signed by a router before format 3, still verifies once read in the
 * current shape; and a format 3 event without an interleaving is signed exactly so.
 */
export function checkFormat2SignaturesStillVerify(): void {
  const verify = createTelemetryVerifier(cases.key);
  const v2 = events.find((e) => (e.event.formatVersion as number) === 2)!;
  const read = parseTelemetryEvent(JSON.stringify({ ...v2.event, signature: v2.signature }));
  assert.ok(read.ok && read.writtenAs === 2);
  assert.equal(read.event.interleaving, null);
  assert.equal(verify(read.event), "signed");
  const asV3 = createTelemetrySigner(cases.key)({ ...read.event, formatVersion: 3, signature: null });
  assert.equal(asV3.signature, v2.signature);
}
