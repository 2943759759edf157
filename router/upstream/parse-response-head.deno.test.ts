import assert from "node:assert/strict";
import { decodeChunked } from "./decode-chunked.ts";
import { parseResponseHead } from "./parse-response-head.ts";

Deno.test("parseResponseHead() reads status, lower-case headers, content-length framing and keep-alive", () => {
  const head = parseResponseHead(
    "HTTP/1.1 200 OK\r\nContent-Length: 9\r\nX-Model-Version: als-1\r\nVary: a\r\nvary: b",
  );
  assert.deepEqual(head, {
    ok: true,
    status: 200,
    headers: new Map([["content-length", "9"], ["x-model-version", "als-1"], ["vary", "a, b"]]),
    framing: { kind: "length", length: 9 },
    keepAlive: true,
  });
});

Deno.test("parseResponseHead() takes a status line without a reason and trims header values", () => {
  const head = parseResponseHead("HTTP/1.1 200\r\nX-Model-Version: \t als-2 \t\r\nX-Empty:");
  assert.ok(head.ok);
  assert.equal(head.status, 200);
  assert.deepEqual([...head.headers], [["x-model-version", "als-2"], ["x-empty", ""]]);
});

Deno.test("parseResponseHead() prefers chunked, reads bodies to close without a length, honours Connection", () => {
  const framing = (text: string) => {
    const head = parseResponseHead(text);
    return head.ok ? [head.framing.kind, head.keepAlive] : head.reason;
  };
  assert.deepEqual(framing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"), ["chunked", true]);
  assert.deepEqual(framing("HTTP/1.1 200 OK"), ["close", false]);
  assert.deepEqual(framing("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nConnection: close"), [
    "length",
    false,
  ]);
  assert.deepEqual(framing("HTTP/1.0 200 OK\r\nContent-Length: 1"), ["length", false]);
  assert.deepEqual(framing("HTTP/1.1 204 No Content"), ["length", true]);
});

Deno.test("parseResponseHead() refuses what is not an HTTP/1.x head, saying what", () => {
  const reason = (text: string) => {
    const head = parseResponseHead(text);
    return head.ok ? "ok" : head.reason;
  };
  assert.equal(reason("SSH-2.0-OpenSSH"), 'bad status line "SSH-2.0-OpenSSH"');
  assert.equal(reason("HTTP/1.1 20 OK"), 'bad status line "HTTP/1.1 20 OK"');
  assert.equal(reason("HTTP/1.1 200OK"), 'bad status line "HTTP/1.1 200OK"');
  assert.equal(reason("HTTP/2.0 200 OK"), 'bad status line "HTTP/2.0 200 OK"');
  assert.equal(reason("HTTP/1.1 200 OK\r\nBad Name: x"), 'bad header line "Bad Name: x"');
  assert.equal(reason("HTTP/1.1 200 OK\r\nX-A: 1\n2"), 'bad header line "X-A: 1\\n2"');
  assert.equal(reason("HTTP/1.1 200 OK\r\n: x"), 'bad header line ": x"');
  assert.equal(reason("HTTP/1.1 200 OK\r\nno colon"), 'bad header line "no colon"');
  assert.equal(reason("HTTP/1.1 200 OK\r\nContent-Length: -1"), 'bad content-length "-1"');
  assert.equal(
    reason("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip"),
    'unsupported transfer-encoding "gzip"',
  );
});

const bytes = (text: string) => new TextEncoder().encode(text);

Deno.test("decodeChunked() joins chunks, skips extensions and trailers, and says where the body ends", () => {
  const input = bytes("4;ext=1\r\nheat\r\n5\r\n+1995\r\n0\r\nX-Trailer: 1\r\n\r\nNEXT");
  const result = decodeChunked(input, 0, input.length, 100);
  assert.equal(result.state, "done");
  if (result.state !== "done") return;
  assert.equal(new TextDecoder().decode(result.body), "heat+1995");
  assert.equal(result.end, input.length - 4);
});

Deno.test("decodeChunked() asks for more bytes until the last chunk, and refuses malformed or oversize bodies", () => {
  const input = bytes("4\r\nheat\r\n0\r\n\r\n");
  for (let end = 0; end < input.length; end++) {
    assert.equal(decodeChunked(input, 0, end, 100).state, "partial", `at ${end}`);
  }
  assert.deepEqual(decodeChunked(bytes("zz\r\n"), 0, 4, 100), {
    state: "error",
    reason: 'bad chunk size "zz"',
  });
  assert.deepEqual(decodeChunked(bytes("2\r\nabX\r\n"), 0, 8, 100), {
    state: "error",
    reason: "chunk not followed by CRLF",
  });
  assert.deepEqual(decodeChunked(bytes("ff\r\n"), 0, 4, 100), {
    state: "error",
    reason: "body exceeds 100 bytes",
  });
});
