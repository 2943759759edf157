/**
 * A JSON log line (infra/log/logger.ts) as a person reads it on a terminal:
 * `consuming  topic=movielog groupId=movielog-ingest`, `warn: the database is unreachable;
 * waiting  error="connection refused"`. The time and component go (the terminal is live
 * and the launcher names the process); any other line is left as it is. Only for a
 * terminal: logs written to a file or a pipe stay JSON.
 */

const HIDDEN = new Set(["time", "level", "component", "message"]);

function value(v: unknown): string {
  if (typeof v === "string") return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  // Four significant digits are what a person compares at a glance; the JSON log keeps them all.
  if (typeof v === "number") return String(Number.isInteger(v) ? v : Number(v.toPrecision(4)));
  if (typeof v === "boolean" || v === null) return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** `line` in words when it is one of the logger's JSON lines, else `line` unchanged. */
export function formatLogLineForTerminal(line: string): string {
  if (!line.startsWith("{")) return line;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return line;
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return line;
  const entry = json as Record<string, unknown>;
  if (typeof entry.message !== "string" || typeof entry.level !== "string") return line;
  const level = entry.level === "info" ? "" : `${entry.level}: `;
  const fields = Object.entries(entry).filter(([name]) => !HIDDEN.has(name)).map(([name, v]) => `${name}=${value(v)}`);
  return `${level}${entry.message}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}`;
}
