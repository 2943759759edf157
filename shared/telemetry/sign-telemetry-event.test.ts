import { test } from "bun:test";
import { checkEveryFieldIsSigned, checkSignaturesMatchCases, checkVerification } from "./testing/signing-checks.ts";

test("createTelemetrySigner() signs the canonical text of each case with the signature openssl computed", () => checkSignaturesMatchCases());
test("createTelemetryVerifier() accepts a signed event read back in any key order and tells unsigned from forged", () => checkVerification());
test("createTelemetryVerifier() refuses a signed event with any one field changed as bad_signature", () => checkEveryFieldIsSigned());
