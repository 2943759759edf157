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

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: .*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** Parses the head (the text before the blank line, without it). Pure; never throws. */
export function parseResponseHead(text: string): ResponseHead {
  const lines = text.split("\r\n");
  const status = STATUS_LINE.exec(lines[0]);
  if (!status) {
    return { ok: false, reason: `bad status line ${JSON.stringify(lines[0].slice(0, 60))}` };
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const header = HEADER_LINE.exec(line);
    if (!header) {
      return { ok: false, reason: `bad header line ${JSON.stringify(line.slice(0, 60))}` };
    }
    const name = header[1].toLowerCase();
    const before = headers.get(name);
    headers.set(name, before === undefined ? header[2] : `${before}, ${header[2]}`);
  }
  const code = Number(status[2]);
  const connection = (headers.get("connection") ?? "").toLowerCase();
  let keepAlive = status[1] === "1"
    ? !connection.includes("close")
    : connection.includes("keep-alive");
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
