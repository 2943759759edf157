/** Times on report command lines: an ISO time or epoch milliseconds. */

/** Epoch ms of `text` (all digits: epoch ms; otherwise an ISO time), or null when it is neither. */
export function parseReportTime(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}
