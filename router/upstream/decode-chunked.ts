/** A chunked body decoded from a buffer, more bytes needed, or why it is malformed. */
export type ChunkedResult =
  | { state: "done"; body: Uint8Array; end: number }
  | { state: "partial" }
  | { state: "error"; reason: string };

const CR = 13;
const LF = 10;

function lineEnd(bytes: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 1 < end; i++) if (bytes[i] === CR && bytes[i + 1] === LF) return i;
  return -1;
}

/**
 * Decodes a `Transfer-Encoding: chunked` body held in `bytes[start, end)` (RFC 9112 §7.1):
 * hex sizes (extensions ignored), data, the last zero chunk and optional trailers. `end`
 * in the result is where the body stops, so leftover bytes can be detected. Pure.
 */
export function decodeChunked(
  bytes: Uint8Array,
  start: number,
  end: number,
  maxBytes: number,
): ChunkedResult {
  const parts: Uint8Array[] = [];
  let total = 0;
  let at = start;
  for (;;) {
    const sizeEnd = lineEnd(bytes, at, end);
    if (sizeEnd < 0) {
      return end - at > 1024
        ? { state: "error", reason: "chunk size line too long" }
        : { state: "partial" };
    }
    const sizeText = new TextDecoder().decode(bytes.subarray(at, sizeEnd)).split(";")[0].trim();
    if (!/^[0-9A-Fa-f]{1,8}$/.test(sizeText)) {
      return { state: "error", reason: `bad chunk size ${JSON.stringify(sizeText.slice(0, 20))}` };
    }
    const size = parseInt(sizeText, 16);
    at = sizeEnd + 2;
    if (size === 0) {
      // Trailer fields, then the empty line.
      for (;;) {
        const trailerEnd = lineEnd(bytes, at, end);
        if (trailerEnd < 0) return { state: "partial" };
        const empty = trailerEnd === at;
        at = trailerEnd + 2;
        if (empty) break;
      }
      const body = new Uint8Array(total);
      let offset = 0;
      for (const part of parts) (body.set(part, offset), offset += part.length);
      return { state: "done", body, end: at };
    }
    total += size;
    if (total > maxBytes) return { state: "error", reason: `body exceeds ${maxBytes} bytes` };
    if (end - at < size + 2) return { state: "partial" };
    if (bytes[at + size] !== CR || bytes[at + size + 1] !== LF) {
      return { state: "error", reason: "chunk not followed by CRLF" };
    }
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
}
