/**
 * The words and numbers of a progress report as a person reads them: the line beside a
 * drawn bar (`warm-up [bar] 45% | 9,000,000/20,000,000 lines | 132,000 lines/s | ETA 1m23s`)
 * and the line that replaces the bar when the step ends. Pure: the bar itself is drawn
 * by the terminal library and passed in.
 */
import type { ProgressFigures } from "./progress-figures.ts";
import type { ProgressDetail } from "./progress-line.ts";

/** A report as shown: its name, unit, figures and extra figures. */
export type ProgressText = {
  readonly label: string;
  readonly unit: string;
  readonly figures: ProgressFigures;
  readonly detail: ProgressDetail;
  /** False for a step measured in time (a run of N seconds), whose rate says nothing. */
  readonly showRate?: boolean;
};

/** The unit whose amounts read as kB, MB, GB. */
export const BYTES = "bytes";

const grouped = (n: number) => Math.round(n).toLocaleString("en-US");

function bytes(n: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = n;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return i === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[i]}`;
}

/** `1,234,567 lines`, or `1.2 MB` for bytes. */
export function formatAmount(n: number, unit: string): string {
  return unit === BYTES ? bytes(n) : `${grouped(n)} ${unit}`;
}

/** `9,000,000/20,000,000 lines`, or `540.0 MB/1.2 GB` for bytes. */
export function formatDoneOfTotal(done: number, total: number, unit: string): string {
  return unit === BYTES ? `${bytes(done)}/${bytes(total)}` : `${grouped(done)}/${grouped(total)} ${unit}`;
}

/** `132,000 lines/s`; rates below 10 keep two significant digits (`0.52 iterations/s`). */
export function formatRate(perSecond: number, unit: string): string {
  if (unit === BYTES) return `${bytes(perSecond)}/s`;
  const value = perSecond >= 10 ? grouped(perSecond) : String(Number(perSecond.toPrecision(2)));
  return `${value} ${unit}/s`;
}

/** `42s`, `3m05s`, `1h02m`; `?` when unknown. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "?";
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function detailValue(value: string | number): string {
  if (typeof value === "string") return value;
  if (Number.isInteger(value)) return grouped(value);
  return Math.abs(value) >= 1e4 || (value !== 0 && Math.abs(value) < 1e-3) ? value.toExponential(2) : String(Number(value.toPrecision(4)));
}

/** `loss 1.23e+4  stage refit`: the extra figures, in the order given. */
export function formatDetail(detail: ProgressDetail): string {
  return Object.entries(detail).map(([name, value]) => `${name} ${detailValue(value)}`).join("  ");
}

/** The line around a drawn bar. */
export function formatProgressText(report: ProgressText, bar: string): string {
  const f = report.figures;
  const detail = formatDetail(report.detail);
  return [
    `${report.label} ${bar} ${Math.floor(f.ratio * 100)}%`,
    formatDoneOfTotal(f.done, f.total, report.unit),
    ...(report.showRate === false ? [] : [formatRate(f.rate_per_s, report.unit)]),
    `ETA ${formatDuration(f.eta_s)}`,
    ...(detail ? [detail] : []),
  ].join(" | ");
}

/** The line left when a step ends: what it did, how long it took, how fast; or where it stopped. */
export function formatProgressSummary(report: ProgressText): string {
  const f = report.figures;
  const detail = formatDetail(report.detail);
  const tail = detail ? `; ${detail}` : "";
  if (f.done >= f.total) {
    const rate = report.showRate === false ? "" : ` (${formatRate(f.rate_per_s, report.unit)})`;
    return `${report.label}: ${formatAmount(f.done, report.unit)} in ${formatDuration(f.elapsed_s)}${rate}${tail}`;
  }
  return `${report.label}: stopped at ${formatDoneOfTotal(f.done, f.total, report.unit)} after ${formatDuration(f.elapsed_s)}${tail}`;
}
