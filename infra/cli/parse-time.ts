/**
 * Times on command lines (`--from`, `--to`, `--cutoff`, `--at`): an ISO time, epoch
 * milliseconds, or a duration from now such as `-24h`, `-30m`, `-7d`, `+1h`.
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** What a time flag accepts, for messages and help. */
export const TIME_FORMS = "an ISO time, epoch ms or a duration like -24h";

/** Epoch ms of `text` relative to `now` for durations, or null when it is none of the accepted forms. */
export function parseTime(text: string, now: number): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const duration = /^([+-])(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(text);
  if (duration) return now + (duration[1] === "-" ? -1 : 1) * Number(duration[2]) * UNIT_MS[duration[3]];
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The given time flags as epoch ms, or the message naming the first bad one. */
export function parseTimeFlags<K extends string>(values: Partial<Record<K, string>>, now: number): Partial<Record<K, number>> | string {
  const times: Partial<Record<K, number>> = {};
  for (const flag of Object.keys(values) as K[]) {
    const value = values[flag];
    if (value === undefined) continue;
    const ms = parseTime(value, now);
    if (ms === null) return `--${flag} must be ${TIME_FORMS}: current value is ${JSON.stringify(value)}`;
    times[flag] = ms;
  }
  return times;
}
