/**
 * The JSON log line of a progress report, written through the process's logger
 * (`{"time","level","component","message":"progress",…}`) when no bar is drawn, and
 * read back by a parent process that draws the bar for its child (`npm start` for its
 * warm-up, training and replay steps, the demos for theirs). A child's line is input
 * from another process: it is parsed with zod and anything else is simply not progress.
 */
import { z } from "zod";
import type { ProgressFigures } from "./progress-figures.ts";

/** The logger message that marks a progress line. */
export const PROGRESS_MESSAGE = "progress";

/** Extra figures a step reports beside its count (a training loss, the lines read); shown after the bar. */
export type ProgressDetail = Readonly<Record<string, string | number>>;

/** What a progress line says about its step. */
export type ProgressReport = {
  readonly label: string;
  readonly unit: string;
  readonly figures: ProgressFigures;
  readonly detail: ProgressDetail;
  /** True on the closing line. */
  readonly finished: boolean;
};

const round = (x: number, digits: number) => Number(x.toFixed(digits));
const significant = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(4)));

/** The logger fields of a line (the message is PROGRESS_MESSAGE). */
export function progressLineFields(report: ProgressReport): Record<string, unknown> {
  const f = report.figures;
  return {
    label: report.label,
    unit: report.unit,
    done: f.done,
    total: f.total,
    ratio: round(f.ratio, 4),
    elapsed_s: round(f.elapsed_s, 1),
    rate_per_s: significant(f.rate_per_s),
    eta_s: f.eta_s === null ? null : round(f.eta_s, 1),
    finished: report.finished,
    ...(Object.keys(report.detail).length > 0 ? { detail: report.detail } : {}),
  };
}

const Count = z.number().finite().min(0);
const ProgressLine = z.object({
  message: z.literal(PROGRESS_MESSAGE),
  label: z.string().min(1).max(200),
  unit: z.string().min(1).max(40),
  done: Count,
  total: Count.positive(),
  elapsed_s: Count,
  finished: z.boolean(),
  detail: z.record(z.string().max(60), z.union([z.string().max(200), z.number().finite()])).optional(),
});

/** What a parent needs to redraw a child's progress: the count, the total, the time spent. */
export type ChildProgress = {
  readonly label: string;
  readonly unit: string;
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
  readonly finished: boolean;
  readonly detail: ProgressDetail;
};

/** A name in brackets that `npm start` puts before the lines it forwards: `[ingest] {…}`. */
const FORWARDED_PREFIX = /^\[[^\]\s]{1,60}\] /;

/** The progress a child's output line reports, or null for any other line; never throws. */
export function parseProgressLine(line: string): ChildProgress | null {
  const text = line.replace(FORWARDED_PREFIX, "");
  if (!text.startsWith("{") || !text.includes(`"${PROGRESS_MESSAGE}"`)) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ProgressLine.safeParse(json);
  if (!parsed.success) return null;
  const p = parsed.data;
  return { label: p.label, unit: p.unit, done: p.done, total: p.total, elapsedMs: p.elapsed_s * 1000, finished: p.finished, detail: p.detail ?? {} };
}
