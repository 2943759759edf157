import { expect, test } from "bun:test";
import { parseHttpResponse } from "./parse-http-response.ts";

const bytes = (text: string) => Buffer.from(text, "latin1");

test("parseHttpResponse() reads a Content-Length response and what it consumed, leaving the next one", () => {
  const two = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Model-Version: v1\r\n\r\na+1,bHTTP/1.1 200 OK\r\n";
  expect(parseHttpResponse(bytes(two))).toEqual({ kind: "response", status: 200, body: "a+1,b", consumed: 64, close: false });
});

test("parseHttpResponse() waits for the rest of a head or a body", () => {
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nContent-Le"))).toEqual({ kind: "incomplete" });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\na+1"))).toEqual({ kind: "incomplete" });
});

test("parseHttpResponse() reads a chunked body, and notes Connection: close", () => {
  const chunked = "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nno \r\n5;x=y\r\nmodel\r\n0\r\n\r\n";
  expect(parseHttpResponse(bytes(chunked))).toEqual({ kind: "response", status: 503, body: "no model", consumed: chunked.length, close: true });
  expect(parseHttpResponse(bytes(chunked.slice(0, -2)))).toEqual({ kind: "incomplete" });
});

test("parseHttpResponse() reads a 204 without a body", () => {
  expect(parseHttpResponse(bytes("HTTP/1.1 204 No Content\r\n\r\n"))).toEqual({ kind: "response", status: 204, body: "", consumed: 27, close: false });
});

test("parseHttpResponse() refuses what is not a bounded HTTP/1.x response", () => {
  expect(parseHttpResponse(bytes("SSH-2.0-OpenSSH\r\n\r\n"))).toEqual({ kind: "invalid", reason: 'not an HTTP/1.x status line: "SSH-2.0-OpenSSH"' });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\n\r\nbody"))).toEqual({ kind: "invalid", reason: "response has neither Content-Length nor chunked encoding" });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"))).toEqual({ kind: "invalid", reason: 'bad Content-Length "-1"' });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2000000\r\n\r\n"))).toEqual({ kind: "invalid", reason: "body of 2000000 bytes, over 1 MiB" });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nbroken\r\n\r\n"))).toEqual({ kind: "invalid", reason: 'malformed header line: "broken"' });
  expect(parseHttpResponse(Buffer.alloc(70 * 1024, 65))).toEqual({ kind: "invalid", reason: "response head over 64 KiB" });
  expect(parseHttpResponse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))).toEqual({ kind: "invalid", reason: 'bad chunk size "zz"' });
});
