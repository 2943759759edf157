/**
 * Parses the stream's ISO-like times: `YYYY-MM-DDTHH:MM`, optional `:SS`, optional
 * fraction of any length (3, 6 and 9 digits occur), optional trailing `Z`. Zone-less
 * times are UTC. Returns epoch milliseconds (fractions truncated to ms) or null.
 */
const ZERO = 48;

function digits(s: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Epoch milliseconds for a movielog time, or null when it is not a valid time. */
export function parseLogTime(s: string): number | null {
  let end = s.length;
  if (end > 0 && s.charCodeAt(end - 1) === 90 /* Z */) end--;
  if (end < 16) return null;
  if (s[4] !== "-" || s[7] !== "-" || s[10] !== "T" || s[13] !== ":") return null;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return null;
  }
  if (day > DAYS_IN_MONTH[month - 1] || (month === 2 && day === 29 && !isLeap(year))) return null;
  let second = 0;
  let millis = 0;
  if (end > 16) {
    if (s[16] !== ":" || end < 19) return null;
    second = digits(s, 17, 2);
    if (second < 0 || second > 59) return null;
    if (end > 19) {
      if (s[19] !== "." || end === 20) return null;
      const fractionDigits = end - 20;
      for (let i = 20; i < end; i++) {
        const d = s.charCodeAt(i) - ZERO;
        if (d < 0 || d > 9) return null;
      }
      const msDigits = Math.min(3, fractionDigits);
      millis = digits(s, 20, msDigits) * 10 ** (3 - msDigits);
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** Formats epoch milliseconds the way the stream writes times, with milliseconds. */
export function formatLogTime(epochMillis: number): string {
  return new Date(epochMillis).toISOString().slice(0, 23);
}
