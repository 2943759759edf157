/**
 * How a long step shows its progress: a bar redrawn in place when a person watches a
 * terminal, or sparse JSON log lines when the output is a file, a pipe or a parent
 * process, or when the command was asked for `--json` (its output is then for scripts).
 */

/** `bar` (drawn by the terminal library) or `log` (JSON lines through the logger). */
export type ProgressMode = "bar" | "log";

/** What decides the mode: whether stderr is a terminal, `--json`, and TERM (`dumb` cannot redraw a line). */
export type ProgressOutput = { readonly isTTY: boolean; readonly json: boolean; readonly term?: string };

/** `bar` only for a terminal that can redraw, without `--json`. */
export function progressMode(output: ProgressOutput): ProgressMode {
  return output.isTTY && !output.json && output.term !== "dumb" ? "bar" : "log";
}
