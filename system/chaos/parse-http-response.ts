/**
 * Reads one HTTP/1.1 response from the front of a byte buffer, as a keep-alive client
 * receives it: the status, the body (Content-Length or chunked), and how many bytes it
 * took, or that more bytes are needed. Pure; bounded, so a hostile peer cannot make
 * the client buffer without end.
 */

export type HttpResponseRead =
  | { readonly kind: "incomplete" }
  | { readonly kind: "response"; readonly status: number; readonly body: string; readonly consumed: number; readonly close: boolean }
  | { readonly kind: "invalid"; readonly reason: string };

/** Largest head (status line and headers) and body this client accepts. */
export const MAX_HEAD_BYTES = 64 * 1024;
export const MAX_BODY_BYTES = 1024 * 1024;

const CRLF = Buffer.from("\r\n");
const HEAD_END = Buffer.from("\r\n\r\n");

/** The first response in `data`, if it is all there. */
export function parseHttpResponse(data: Buffer): HttpResponseRead {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return data.length > MAX_HEAD_BYTES ? { kind: "invalid", reason: "response head over 64 KiB" } : { kind: "incomplete" };
  const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString("latin1").split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(statusLine);
  if (!status) return { kind: "invalid", reason: `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}` };
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon <= 0) return { kind: "invalid", reason: `malformed header line: ${JSON.stringify(line.slice(0, 80))}` };
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const code = Number(status[1]);
  const close = (headers.get("connection") ?? "").toLowerCase() === "close";
  const bodyStart = headEnd + HEAD_END.length;
  if ((code >= 100 && code < 200) || code === 204 || code === 304) {
    return { kind: "response", status: code, body: "", consumed: bodyStart, close };
  }
  if ((headers.get("transfer-encoding") ?? "").toLowerCase().includes("chunked")) {
    return readChunked(data, bodyStart, code, close);
  }
  const lengthText = headers.get("content-length");
  if (lengthText === undefined) return { kind: "invalid", reason: "response has neither Content-Length nor chunked encoding" };
  if (!/^\d{1,10}$/.test(lengthText)) return { kind: "invalid", reason: `bad Content-Length ${JSON.stringify(lengthText.slice(0, 20))}` };
  const length = Number(lengthText);
  if (length > MAX_BODY_BYTES) return { kind: "invalid", reason: `body of ${length} bytes, over 1 MiB` };
  if (data.length < bodyStart + length) return { kind: "incomplete" };
  return { kind: "response", status: code, body: data.subarray(bodyStart, bodyStart + length).toString("utf8"), consumed: bodyStart + length, close };
}

function readChunked(data: Buffer, start: number, status: number, close: boolean): HttpResponseRead {
  const parts: Buffer[] = [];
  let total = 0;
  let at = start;
  for (;;) {
    const lineEnd = data.indexOf(CRLF, at);
    if (lineEnd < 0) return data.length - at > 64 ? { kind: "invalid", reason: "chunk size line too long" } : { kind: "incomplete" };
    const sizeText = data.subarray(at, lineEnd).toString("latin1").split(";")[0].trim();
    if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return { kind: "invalid", reason: `bad chunk size ${JSON.stringify(sizeText.slice(0, 20))}` };
    const size = parseInt(sizeText, 16);
    total += size;
    if (total > MAX_BODY_BYTES) return { kind: "invalid", reason: "chunked body over 1 MiB" };
    const chunkStart = lineEnd + CRLF.length;
    if (size === 0) {
      // No trailers are expected: the last chunk is followed by an empty line.
      const end = data.indexOf(CRLF, chunkStart);
      if (end < 0) return { kind: "incomplete" };
      if (end !== chunkStart) return { kind: "invalid", reason: "trailers after the last chunk are not supported" };
      return { kind: "response", status, body: Buffer.concat(parts).toString("utf8"), consumed: end + CRLF.length, close };
    }
    if (data.length < chunkStart + size + CRLF.length) return { kind: "incomplete" };
    parts.push(data.subarray(chunkStart, chunkStart + size));
    at = chunkStart + size + CRLF.length;
  }
}
