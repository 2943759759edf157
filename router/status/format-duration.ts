/** Durations as the status page prints them: the two largest units, rounded down. */

const UNITS: readonly [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["min", 60_000], ["s", 1000]];

/** `0 s`, `42 s`, `12 min 5 s`, `3 h 20 min`, `30 d 4 h` for `ms` milliseconds (negative: its size). */
export function formatDuration(ms: number): string {
  let rest = Math.floor(Math.abs(ms) / 1000) * 1000;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    if (count > 0 || parts.length > 0) {
      if (count > 0) parts.push(`${count} ${unit}`);
      rest -= count * size;
      if (parts.length > 0 && count === 0) break;
    }
  }
  return parts.length === 0 ? "0 s" : parts.join(" ");
}
