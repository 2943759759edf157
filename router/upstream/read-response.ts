/** Reads one HTTP/1.1 response from a connection, by the framing its head declares. */
import { decodeChunked } from "./decode-chunked.ts";
import { parseResponseHead } from "./parse-response-head.ts";

/** The peer closed or reset the connection before sending a byte: safe to retry a GET. */
export class UpstreamClosed extends Error {
  override name = "UpstreamClosed";
}

/** A complete response, and whether the connection may carry the next request. */
export type ReadResponse = {
  status: number;
  headers: Map<string, string>;
  body: string;
  reusable: boolean;
};

const MAX_HEAD_BYTES = 16 * 1024;
const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder();

function headEnd(bytes: Uint8Array, from: number, to: number): number {
  for (let i = Math.max(0, from - 3); i + 3 < to; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) {
      return i;
    }
  }
  return -1;
}

const isReset = (error: unknown) =>
  error instanceof Deno.errors.ConnectionReset || error instanceof Deno.errors.BrokenPipe;

/** Reads until the response is complete; throws UpstreamClosed, or an Error saying what was wrong. */
export async function readResponse(conn: Deno.Conn, maxBodyBytes: number): Promise<ReadResponse> {
  let buffer = new Uint8Array(4096);
  let filled = 0;
  const more = async (): Promise<boolean> => {
    if (filled === buffer.length) {
      if (buffer.length >= MAX_HEAD_BYTES + maxBodyBytes) {
        throw new Error(`response exceeds ${maxBodyBytes} bytes`);
      }
      const bigger = new Uint8Array(buffer.length * 2);
      bigger.set(buffer);
      buffer = bigger;
    }
    let n: number | null;
    try {
      n = await conn.read(buffer.subarray(filled));
    } catch (error) {
      if (filled === 0 && isReset(error)) {
        throw new UpstreamClosed("connection reset before a response");
      }
      throw error;
    }
    if (n === null) {
      if (filled === 0) throw new UpstreamClosed("connection closed before a response");
      return false;
    }
    filled += n;
    return true;
  };

  let end = -1;
  while (end < 0) {
    const before = filled;
    if (!(await more())) throw new Error("connection closed inside the response head");
    end = headEnd(buffer, before, filled);
    if (end < 0 && filled > MAX_HEAD_BYTES) {
      throw new Error(`response head exceeds ${MAX_HEAD_BYTES} bytes`);
    }
  }
  const head = parseResponseHead(latin1.decode(buffer.subarray(0, end)));
  if (!head.ok) throw new Error(`malformed response: ${head.reason}`);
  const bodyStart = end + 4;
  const done = (body: Uint8Array, bodyEnd: number, keepAlive: boolean): ReadResponse => ({
    status: head.status,
    headers: head.headers,
    body: utf8.decode(body),
    // Bytes after the body would be a second, unrequested response: never reuse then.
    reusable: keepAlive && bodyEnd === filled,
  });
  const framing = head.framing;
  if (framing.kind === "length") {
    if (framing.length > maxBodyBytes) {
      throw new Error(`response body of ${framing.length} bytes exceeds ${maxBodyBytes}`);
    }
    const bodyEnd = bodyStart + framing.length;
    while (filled < bodyEnd) {
      if (!(await more())) throw new Error("connection closed inside the response body");
    }
    return done(buffer.subarray(bodyStart, bodyEnd), bodyEnd, head.keepAlive);
  }
  if (framing.kind === "chunked") {
    for (;;) {
      const chunked = decodeChunked(buffer, bodyStart, filled, maxBodyBytes);
      if (chunked.state === "done") return done(chunked.body, chunked.end, head.keepAlive);
      if (chunked.state === "error") throw new Error(`malformed chunked body: ${chunked.reason}`);
      if (!(await more())) throw new Error("connection closed inside the chunked body");
    }
  }
  while (await more()) {
    if (filled - bodyStart > maxBodyBytes) {
      throw new Error(`response body exceeds ${maxBodyBytes} bytes`);
    }
  }
  return done(buffer.subarray(bodyStart, filled), filled, false);
}
