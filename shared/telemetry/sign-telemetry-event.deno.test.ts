import {
  checkEveryFieldIsSigned,
  checkFormat2SignaturesStillVerify,
  checkSignaturesMatchCases,
  checkVerification,
} from "./testing/signing-checks.ts";

Deno.test("createTelemetrySigner() signs the canonical text of each case with the signature openssl computed", () => checkSignaturesMatchCases());
Deno.test("createTelemetryVerifier() accepts a signed event read back in any key order and tells unsigned from forged", () => checkVerification());
Deno.test("createTelemetryVerifier() refuses a signed event with any one field changed as bad_signature", () => checkEveryFieldIsSigned());
Deno.test("createTelemetryVerifier() still verifies format 2 events, which sign as format 3 events without an interleaving", () => checkFormat2SignaturesStillVerify());
