import assert from "node:assert/strict";
import { MAX_TELEMETRY_ID_LENGTH } from "../shared/telemetry/index.ts";
import { cleanClientRequestId } from "./clean-client-request-id.ts";

Deno.test("cleanClientRequestId() keeps a printable id as it is", () => {
  assert.equal(cleanClientRequestId("trace-42:a.b_c"), "trace-42:a.b_c");
  assert.equal(cleanClientRequestId("caf\u00e9 order 7"), "caf\u00e9 order 7");
});

Deno.test("cleanClientRequestId() drops control characters and surrounding spaces, and caps the length", () => {
  assert.equal(cleanClientRequestId(" a\u0000b\u001bc\u007fd\u0085e "), "abcde");
  assert.equal(cleanClientRequestId("x".repeat(1000)), "x".repeat(MAX_TELEMETRY_ID_LENGTH));
});

Deno.test("cleanClientRequestId() gives null when nothing printable is left", () => {
  assert.equal(cleanClientRequestId(undefined), null);
  assert.equal(cleanClientRequestId(""), null);
  assert.equal(cleanClientRequestId(" \u0000\t "), null);
});
