/**
 * A process's logger for a terminal: on a terminal without `--json`, its lines are
 * written in words (format-log-line.ts) and above any progress bar instead of through
 * it; with `--json` or off a terminal they stay the logger's JSON lines on stderr.
 */
import { createLogger, type Logger } from "../log/logger.ts";
import { formatLogLineForTerminal } from "./format-log-line.ts";
import { printLine, progressModeHere } from "./progress.ts";

/** A logger tagging lines with `component`, readable on a terminal and JSON elsewhere. */
export function createTerminalLogger(component: string, options: { readonly json?: boolean } = {}): Logger {
  if (progressModeHere(options.json) === "log") return createLogger(component);
  return createLogger(component, (line) => printLine(formatLogLineForTerminal(line)));
}
