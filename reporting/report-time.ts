/** Times on report command lines: an ISO time or epoch milliseconds. */

/** Epoch ms of `text` (all digits: epoch ms; otherwise an ISO time), or null when it is neither. */
export function parseReportTime(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The given `--from`/`--to` flags as epoch ms, or the message naming the first bad one. */
export function parseTimeFlags(values: { from?: string; to?: string }): { from?: number; to?: number } | string {
  const times: { from?: number; to?: number } = {};
  for (const flag of ["from", "to"] as const) {
    const value = values[flag];
    if (value === undefined) continue;
    const ms = parseReportTime(value);
    if (ms === null) return `--${flag} must be an ISO time or epoch ms: current value is ${JSON.stringify(value)}`;
    times[flag] = ms;
  }
  return times;
}
