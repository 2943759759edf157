/**
 * Progress of a long step: on a terminal a bar with counts, rate and ETA, drawn and
 * redrawn by cli-progress; otherwise (a file, a pipe, a parent process, or `--json`)
 * sparse JSON lines through the logger, which a parent can turn back into a bar
 * (relay-progress.ts). What the bar says and when a line is written are pure
 * (format-progress-text.ts, should-log-progress.ts); this file only wires them to the
 * library, the clock and the logger.
 *
 * Bars of one process share one cli-progress MultiBar on stderr, so several steps can
 * show at once and `printLine` can write above them instead of through them. The
 * library is told to leave the terminal's modes alone (no hidden cursor, no disabled
 * line wrapping: it cuts its line to the terminal's width instead), so a process killed
 * mid-bar leaves a usable terminal behind.
 */
import { Format, MultiBar, type Options, type Params } from "cli-progress";
import { createLogger, type Logger } from "../log/logger.ts";
import { formatProgressSummary, formatProgressText, type ProgressText } from "./format-progress-text.ts";
import { type ProgressBaseline, progressFigures } from "./progress-figures.ts";
import { PROGRESS_MESSAGE, type ProgressDetail, progressLineFields } from "./progress-line.ts";
import { progressMode, type ProgressMode } from "./progress-mode.ts";
import { type LastProgressLine, shouldLogProgress } from "./should-log-progress.ts";

/** A step: its name as shown, how many units it has, and what they are (`lines`, `bytes`, `iterations`). */
export type ProgressSpec = {
  readonly label: string;
  readonly total: number;
  readonly unit: string;
  /** False for a step measured in time, whose rate (seconds per second) says nothing. */
  readonly showRate?: boolean;
};

/** A step's progress as its code reports it; call `done` once, also when the step fails (finally). */
export type Progress = {
  /** `n` more units done (default 1), with the latest extra figures. */
  tick(n?: number, detail?: ProgressDetail): void;
  /** `done` units done in all. */
  update(done: number, detail?: ProgressDetail): void;
  /** The step ended: the bar gives way to a summary line, or the closing log line is written. */
  done(): void;
};

export type ProgressOptions = {
  /** The command's `--json`: its output is for scripts, so no bar even on a terminal. */
  readonly json?: boolean;
  /** Where the log lines go (default: a logger named `progress`). */
  readonly log?: Logger;
  /** When the step started (default: now); a parent redrawing its child's step passes the child's start. */
  readonly startedAtMs?: number;
  readonly now?: () => number;
};

type BarPayload = { readonly render: (bar: string) => string };

let multiBar: MultiBar | null = null;
let drawn = 0;
let lastRedrawMs = 0;
const REDRAW_MS = 100;

/**
 * Redraws now if the last redraw is older than REDRAW_MS. The library redraws on a timer,
 * which a step that rarely yields to the event loop (a generator writing to a file)
 * would starve; so each update also redraws when one is due.
 */
function redrawIfDue(): void {
  const now = Date.now();
  if (!multiBar || drawn === 0 || now - lastRedrawMs < REDRAW_MS) return;
  lastRedrawMs = now;
  multiBar.update();
}

function bars(): MultiBar {
  multiBar ??= new MultiBar({
    stream: process.stderr,
    format: (options: Options, params: Params, payload: BarPayload) => payload.render(Format.BarFormat(params.progress, options)),
    barsize: 24,
    barCompleteChar: "█",
    barIncompleteChar: "░",
    hideCursor: false,
    linewrap: true,
    clearOnComplete: true,
    gracefulExit: false,
    fps: 10,
  });
  return multiBar;
}

/** How this process shows progress: a bar when stderr is a terminal and `json` is off. */
export function progressModeHere(json = false): ProgressMode {
  return progressMode({ isTTY: process.stderr.isTTY === true, json, term: process.env.TERM });
}

/** Whether this process draws bars now: lines then go above them. */
export function drawingProgress(): boolean {
  return drawn > 0;
}

/**
 * Prints one line without breaking the bars being drawn: above them while there are
 * any (stdout's lines too when stdout is the same terminal), else straight to `to`.
 */
export function printLine(line: string, to: "stdout" | "stderr" = "stderr"): void {
  if (multiBar && drawn > 0 && (to === "stderr" || process.stdout.isTTY)) {
    multiBar.log(`${line}\n`);
    redrawIfDue();
    return;
  }
  (to === "stdout" ? process.stdout : process.stderr).write(`${line}\n`);
}

/** The progress of one step: a bar on a terminal, sparse JSON log lines otherwise. */
export function createProgress(spec: ProgressSpec, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  const startedAt = options.startedAtMs ?? now();
  // A total that is not a positive count (an empty file) is drawn as one unit.
  const total = Number.isFinite(spec.total) && spec.total > 0 ? spec.total : 1;
  let done = 0;
  let detail: ProgressDetail = {};
  let ended = false;
  // The first update that moved: the rate is measured from there (progress-figures.ts).
  let baseline: ProgressBaseline | null = null;
  const report = (): ProgressText & { finished: boolean } => ({
    label: spec.label, unit: spec.unit, figures: progressFigures(done, total, now() - startedAt, baseline), detail, finished: ended,
    showRate: spec.showRate,
  });
  const advance = (to: number, next?: ProgressDetail) => {
    done = to;
    if (next) detail = next;
    if (baseline === null && done > 0) baseline = { done, elapsedMs: now() - startedAt };
  };
  const mode = progressModeHere(options.json);

  if (mode === "log") {
    const log = options.log ?? createLogger("progress");
    let last: LastProgressLine | null = null;
    const write = () => {
      log.info(PROGRESS_MESSAGE, progressLineFields(report()));
      last = { atMs: now(), done };
    };
    write();
    const move = (to: number, next?: ProgressDetail) => {
      if (ended) return;
      advance(to, next);
      if (shouldLogProgress(last, now(), done, total)) write();
    };
    return {
      tick: (n = 1, next) => move(done + n, next),
      update: move,
      done() {
        if (ended) return;
        ended = true;
        write();
      },
    };
  }

  const multi = bars();
  drawn++;
  const bar = multi.create(total, 0, { render: (drawnBar: string) => formatProgressText(report(), drawnBar) } satisfies BarPayload);
  // Shown at once: the step's first unit may be a while coming.
  lastRedrawMs = 0;
  redrawIfDue();
  const move = (to: number, next?: ProgressDetail) => {
    if (ended) return;
    advance(to, next);
    bar.update(Math.min(done, total));
    redrawIfDue();
  };
  return {
    tick: (n = 1, next) => move(done + n, next),
    update: move,
    done() {
      if (ended) return;
      ended = true;
      const summary = formatProgressSummary(report());
      drawn--;
      if (drawn > 0) {
        multi.log(`${summary}\n`);
        multi.remove(bar);
        return;
      }
      // The last bar: flush the lines waiting above it, clear the bar, and leave the summary in its place.
      multi.remove(bar);
      multi.stop();
      multiBar = null;
      process.stderr.write(`${summary}\n`);
    },
  };
}
