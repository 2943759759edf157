/** How a response's body is delimited (RFC 9112 §6.3). */
export type BodyFraming =
  | { kind: "length"; length: number }
  | { kind: "chunked" }
  | { kind: "close" };

/** A parsed status line and header block, or why it is not HTTP/1.x. */
export type ResponseHead =
  | {
    ok: true;
    status: number;
    /** Lower-case names; repeated headers joined with ", ". */
    headers: Map<string, string>;
    framing: BodyFraming;
    /** Whether the connection may carry another request after this response. */
    keepAlive: boolean;
  }
  | { ok: false; reason: string };

/** tchar of RFC 9110 §5.6.2: the characters a header name may hold. */
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN[c.charCodeAt(0)] = 1;
}
const CR = 13;
const LF = 10;
const isDigit = (code: number) => code >= 48 && code <= 57;
const isBlank = (code: number) => code === 32 || code === 9;

/** Whether text[from, to) holds a lone CR or LF, which no line of a head may. */
function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === CR || code === LF) return true;
  }
  return false;
}

/** "HTTP/1.x NNN[ reason]": [minor version, status] or null. */
function parseStatusLine(text: string, end: number): [number, number] | null {
  if (!text.startsWith("HTTP/1.") || end < 12) return null;
  const minor = text.charCodeAt(7) - 48;
  if ((minor !== 0 && minor !== 1) || text.charCodeAt(8) !== 32) return null;
  for (let i = 9; i < 12; i++) if (!isDigit(text.charCodeAt(i))) return null;
  if (end > 12 && (text.charCodeAt(12) !== 32 || hasLineBreak(text, 13, end))) return null;
  return [minor, Number(text.slice(9, 12))];
}

/**
 * Parses the head (the text before the blank line, without it). Pure; never throws.
 * Scans with indexOf and charCodeAt rather than split and a regex per line: it runs
 * once per forwarded request, and the router's own cost per request is what limits it.
 */
export function parseResponseHead(text: string): ResponseHead {
  let lineEnd = text.indexOf("\r\n");
  if (lineEnd < 0) lineEnd = text.length;
  const statusLine = parseStatusLine(text, lineEnd);
  if (!statusLine) {
    return {
      ok: false,
      reason: `bad status line ${JSON.stringify(text.slice(0, Math.min(lineEnd, 60)))}`,
    };
  }
  const [minor, code] = statusLine;
  const headers = new Map<string, string>();
  for (let start = lineEnd + 2; start <= text.length; start = lineEnd + 2) {
    lineEnd = text.indexOf("\r\n", start);
    if (lineEnd < 0) lineEnd = text.length;
    const colon = text.indexOf(":", start);
    let nameOk = colon > start && colon < lineEnd;
    for (let i = start; nameOk && i < colon; i++) {
      const c = text.charCodeAt(i);
      nameOk = c < 128 && TOKEN[c] === 1;
    }
    if (!nameOk || hasLineBreak(text, colon + 1, lineEnd)) {
      return {
        ok: false,
        reason: `bad header line ${
          JSON.stringify(text.slice(start, Math.min(lineEnd, start + 60)))
        }`,
      };
    }
    let valueStart = colon + 1;
    let valueEnd = lineEnd;
    while (valueStart < valueEnd && isBlank(text.charCodeAt(valueStart))) valueStart++;
    while (valueEnd > valueStart && isBlank(text.charCodeAt(valueEnd - 1))) valueEnd--;
    const name = text.slice(start, colon).toLowerCase();
    const value = text.slice(valueStart, valueEnd);
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  const connection = (headers.get("connection") ?? "").toLowerCase();
  let keepAlive = minor === 1 ? !connection.includes("close") : connection.includes("keep-alive");
  const encoding = headers.get("transfer-encoding")?.toLowerCase();
  const length = headers.get("content-length");
  let framing: BodyFraming;
  if (code === 204 || code === 304 || (code >= 100 && code < 200)) {
    framing = { kind: "length", length: 0 };
  } else if (encoding !== undefined) {
    if (encoding !== "chunked") {
      return { ok: false, reason: `unsupported transfer-encoding ${JSON.stringify(encoding)}` };
    }
    framing = { kind: "chunked" };
  } else if (length !== undefined) {
    if (!/^\d{1,15}$/.test(length)) {
      return { ok: false, reason: `bad content-length ${JSON.stringify(length)}` };
    }
    framing = { kind: "length", length: Number(length) };
  } else {
    framing = { kind: "close" };
    keepAlive = false;
  }
  return { ok: true, status: code, headers, framing, keepAlive };
}
