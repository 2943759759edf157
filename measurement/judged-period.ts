/**
 * Which lists are judged for conversion: those whose whole conversion window the
 * stream has seen. One arithmetic for every consumer of the stream's clock.
 */

/** Lists of [from, to) are judged; their watches count until closesAt = to + windowMs. */
export type JudgedPeriod = { readonly from: number; readonly to: number; readonly closesAt: number; readonly windowMs: number };

/**
 * The lists of [from, to) whose whole window the stream has seen: the period ends at the
 * earlier of `to` and one window before `streamEnd`; empty (to = from) without a clock or
 * before the stream has run one window past `from`.
 */
export function judgedPeriod(p: { from: number; to?: number | null; streamEnd: number | null; windowMs: number }): JudgedPeriod {
  const end = p.streamEnd === null ? p.from : p.streamEnd - p.windowMs;
  const to = Math.max(p.from, Math.min(p.to ?? Infinity, end));
  return { from: p.from, to, closesAt: to + p.windowMs, windowMs: p.windowMs };
}

/** The last `periodMs` of judged lists before `streamEnd` (the conversion gauge's hour). */
export function lastJudgedPeriod(streamEnd: number, windowMs: number, periodMs: number): JudgedPeriod {
  const to = streamEnd - windowMs;
  return { from: to - periodMs, to, closesAt: streamEnd, windowMs };
}

/** Whether every list before `time` is judged: the stream has run one window past it. */
export function isJudgedUntil(time: number, streamEnd: number, windowMs: number): boolean {
  return time + windowMs <= streamEnd;
}
