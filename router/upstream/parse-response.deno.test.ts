import assert from "node:assert/strict";
import { parseResponse } from "./parse-response.ts";

const bytes = (text: string) => new TextEncoder().encode(text);
const options = { maxBodyBytes: 100, atEof: false };

Deno.test("parseResponse() reads back-to-back answers one at a time and says where each ends", () => {
  const first = "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Model-Version: m1\r\n\r\nheat+1995";
  const second = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nakira\r\n0\r\n\r\n";
  const buffer = bytes(first + second + "HTTP/1.1 2");
  const one = parseResponse(buffer, 0, buffer.length, options);
  assert.ok(one.state === "done");
  assert.deepEqual([one.response.status, one.response.body, one.end], [
    200,
    "heat+1995",
    first.length,
  ]);
  assert.equal(one.response.headers.get("x-model-version"), "m1");
  const two = parseResponse(buffer, one.end, buffer.length, options);
  assert.ok(two.state === "done");
  assert.deepEqual([two.response.body, two.end], ["akira", first.length + second.length]);
  assert.deepEqual(parseResponse(buffer, two.end, buffer.length, options), { state: "partial" });
});

Deno.test("parseResponse() waits for the whole body, then decodes UTF-8 beyond ASCII", () => {
  const buffer = bytes("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\namélie");
  for (let end = 0; end < buffer.length; end++) {
    assert.equal(parseResponse(buffer, 0, end, options).state, "partial", `at ${end}`);
  }
  const done = parseResponse(buffer, 0, buffer.length, options);
  assert.ok(done.state === "done");
  assert.equal(done.response.body, "amélie");
});

Deno.test("parseResponse() ends a body delimited by close only at the end of the stream", () => {
  const buffer = bytes("HTTP/1.1 503 Unavailable\r\nConnection: close\r\n\r\nloading");
  assert.deepEqual(parseResponse(buffer, 0, buffer.length, options), { state: "partial" });
  const done = parseResponse(buffer, 0, buffer.length, { ...options, atEof: true });
  assert.ok(done.state === "done");
  assert.deepEqual([done.response.body, done.response.keepAlive], ["loading", false]);
});

Deno.test("parseResponse() says why a response cannot be read", () => {
  const reason = (text: string, atEof = false) => {
    const buffer = bytes(text);
    const parsed = parseResponse(buffer, 0, buffer.length, { ...options, atEof });
    return parsed.state === "error" ? parsed.reason : parsed.state;
  };
  assert.equal(
    reason("SSH-2.0-OpenSSH\r\n\r\n"),
    'malformed response: bad status line "SSH-2.0-OpenSSH"',
  );
  assert.equal(
    reason("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n"),
    "response body of 101 bytes exceeds 100",
  );
  assert.equal(
    reason("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab", true),
    "connection closed inside the response body",
  );
  assert.equal(
    reason("HTTP/1.1 200 OK\r\nContent", true),
    "connection closed inside the response head",
  );
  assert.equal(
    reason(`HTTP/1.1 200 OK\r\nX: ${"a".repeat(17_000)}`),
    "response head exceeds 16384 bytes",
  );
  assert.equal(
    reason("HTTP/1.1 200 OK\r\n\r\n" + "a".repeat(101)),
    "response body exceeds 100 bytes",
  );
});

Deno.test("parseResponse() passes over interim 1xx answers to the final one", () => {
  const text = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" +
    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  const buffer = bytes(text);
  const done = parseResponse(buffer, 0, buffer.length, options);
  assert.ok(done.state === "done");
  assert.deepEqual([done.response.status, done.response.body, done.end], [200, "ok", text.length]);
  assert.deepEqual(parseResponse(buffer, 0, 40, options), { state: "partial" });
  const upgrade = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n");
  assert.deepEqual(parseResponse(upgrade, 0, upgrade.length, options), {
    state: "error",
    reason: "unexpected 101 Switching Protocols",
  });
});
