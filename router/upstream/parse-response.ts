/**
 * One HTTP/1.1 response out of a byte buffer that may hold less than one response or
 * several (pipelined answers arrive back to back). Pure: the connection code feeds it
 * whatever it has read and learns how far the first response reaches.
 */
import { decodeChunked } from "./decode-chunked.ts";
import { parseResponseHead } from "./parse-response-head.ts";

/** A complete response, and whether the connection may carry the next one. */
export type ParsedResponse = {
  status: number;
  headers: Map<string, string>;
  body: string;
  keepAlive: boolean;
};

export type ResponseParse =
  | { state: "done"; response: ParsedResponse; end: number }
  | { state: "partial" }
  | { state: "error"; reason: string };

export const MAX_HEAD_BYTES = 16 * 1024;
const MAX_INTERIM = 8;
const utf8 = new TextDecoder();

/**
 * bytes[start, end) as a string, one character per byte. Heads are latin1 by definition
 * and worker bodies plain ASCII, so this in-engine path serves nearly every response;
 * TextDecoder crosses into the runtime, which costs more than these short strings.
 */
function byteString(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  for (let at = start; at < end; at += 4096) {
    const chunk = bytes.subarray(at, Math.min(end, at + 4096));
    text += String.fromCharCode.apply(null, chunk as unknown as number[]);
  }
  return text;
}

/** UTF-8 text of a body, skipping the decoder when every byte is ASCII. */
function bodyText(bytes: Uint8Array): string {
  if (bytes.length > 4096) return utf8.decode(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return utf8.decode(bytes);
  return byteString(bytes, 0, bytes.length);
}

function headEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i + 3 < to; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

/**
 * Parses the response starting at `bytes[start]`, with `bytes[start, end)` read so far.
 * `atEof`: the peer has closed, so a body delimited by the close is complete. `end` in
 * a "done" result is where the response stops; bytes after it belong to the next one.
 */
export function parseResponse(
  bytes: Uint8Array,
  start: number,
  end: number,
  options: { maxBodyBytes: number; atEof: boolean },
  interimSeen = 0,
): ResponseParse {
  const headStop = headEnd(bytes, start, end);
  if (headStop < 0) {
    if (end - start > MAX_HEAD_BYTES) {
      return { state: "error", reason: `response head exceeds ${MAX_HEAD_BYTES} bytes` };
    }
    return options.atEof
      ? { state: "error", reason: "connection closed inside the response head" }
      : { state: "partial" };
  }
  const head = parseResponseHead(byteString(bytes, start, headStop));
  if (!head.ok) return { state: "error", reason: `malformed response: ${head.reason}` };
  const bodyStart = headStop + 4;
  // An interim answer (103 Early Hints, 100 Continue) precedes the final one to the same
  // request (RFC 9110 §15.2): taking it as the answer would shift every later one.
  if (head.status === 101) return { state: "error", reason: "unexpected 101 Switching Protocols" };
  if (head.status < 200) {
    if (interimSeen >= MAX_INTERIM) {
      return { state: "error", reason: `more than ${MAX_INTERIM} interim answers` };
    }
    return parseResponse(bytes, bodyStart, end, options, interimSeen + 1);
  }
  const done = (body: Uint8Array, bodyEnd: number, keepAlive: boolean): ResponseParse => ({
    state: "done",
    response: { status: head.status, headers: head.headers, body: bodyText(body), keepAlive },
    end: bodyEnd,
  });
  const { framing } = head;
  if (framing.kind === "length") {
    if (framing.length > options.maxBodyBytes) {
      return {
        state: "error",
        reason: `response body of ${framing.length} bytes exceeds ${options.maxBodyBytes}`,
      };
    }
    const bodyEnd = bodyStart + framing.length;
    if (bodyEnd <= end) return done(bytes.subarray(bodyStart, bodyEnd), bodyEnd, head.keepAlive);
    return options.atEof
      ? { state: "error", reason: "connection closed inside the response body" }
      : { state: "partial" };
  }
  if (framing.kind === "chunked") {
    const chunked = decodeChunked(bytes, bodyStart, end, options.maxBodyBytes);
    if (chunked.state === "done") return done(chunked.body, chunked.end, head.keepAlive);
    if (chunked.state === "error") {
      return { state: "error", reason: `malformed chunked body: ${chunked.reason}` };
    }
    return options.atEof
      ? { state: "error", reason: "connection closed inside the chunked body" }
      : { state: "partial" };
  }
  if (end - bodyStart > options.maxBodyBytes) {
    return { state: "error", reason: `response body exceeds ${options.maxBodyBytes} bytes` };
  }
  return options.atEof ? done(bytes.subarray(bodyStart, end), end, false) : { state: "partial" };
}
