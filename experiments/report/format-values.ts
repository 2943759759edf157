/** Number formatting shared by the Markdown and HTML renderers, so both read the same. */

/** A p-value: 3 decimals, scientific below 0.001, and a floor where double precision runs out. */
export function formatP(p: number | null): string {
  if (p === null) return "n/a";
  // 1 − CDF cannot resolve tails below ~1e-16; say so rather than print 0.
  if (p < 1e-15) return "< 1e-15";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(3);
}

/** "= 0.012" or "< 1e-15": a p-value to follow the letter p in a sentence. */
export function formatPClause(p: number | null): string {
  const text = formatP(p);
  return text.startsWith("<") ? text : `= ${text}`;
}

/** A value with four significant digits, or "n/a". */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) {
    return x === null || Number.isNaN(x) ? "n/a" : x > 0 ? "∞" : "−∞";
  }
  return Number(x.toPrecision(4)).toString();
}

/** A signed percentage with two decimals (0.0123 → "+1.23%"). */
export function formatPercent(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return "n/a";
  return `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)}%`;
}

/** An interval "[lo, hi]" in the given formatter. */
export function formatInterval(
  ci: readonly [number, number] | null,
  f: (x: number) => string = formatNumber,
): string {
  return ci === null ? "n/a" : `[${f(ci[0])}, ${f(ci[1])}]`;
}
