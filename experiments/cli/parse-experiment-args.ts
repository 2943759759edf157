import { parseArgs } from "node:util";

export const USAGE = [
  "usage: bun run experiment create <file.json> [--json]",
  "                          start <key> [--json]",
  "                          stop <key> [--json]",
  "                          list [--json]",
  "                          show <key> [--json]",
  "                          report <key> [--format md|html|json] [--out <file>]",
].join("\n");

const REPORT_FORMATS = ["md", "html", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** One command of the experiment CLI, as the command line asked for it. */
export type ExperimentCommand =
  | { name: "create"; file: string; json: boolean }
  | { name: "start" | "stop" | "show"; key: string; json: boolean }
  | { name: "list"; json: boolean }
  | { name: "report"; key: string; format: ReportFormat; out: string | null };

/** The command in `argv` (without the runtime and script), or why it is not one; never throws. */
export function parseExperimentArgs(
  argv: string[],
): { ok: true; command: ExperimentCommand } | { ok: false; reason: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: "boolean", default: false },
        format: { type: "string" },
        out: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals: [name, target, ...extra] } = parsed;
  const json = values.json;
  if (extra.length > 0) {
    return { ok: false, reason: `unexpected argument ${JSON.stringify(extra[0])}` };
  }
  const reportOnly = values.format !== undefined || values.out !== undefined;
  if (reportOnly && name !== "report") {
    return { ok: false, reason: "--format and --out apply to report only" };
  }
  switch (name) {
    case "list":
      if (target !== undefined) return { ok: false, reason: "list takes no argument" };
      return { ok: true, command: { name, json } };
    case "create":
      if (target === undefined) {
        return { ok: false, reason: "create needs a file: create <file.json>" };
      }
      return { ok: true, command: { name, file: target, json } };
    case "start":
    case "stop":
    case "show":
      if (target === undefined) return { ok: false, reason: `${name} needs an experiment key` };
      return { ok: true, command: { name, key: target, json } };
    case "report": {
      if (target === undefined) return { ok: false, reason: "report needs an experiment key" };
      if (json) return { ok: false, reason: "report takes --format json, not --json" };
      const format = values.format ?? "md";
      if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
        return {
          ok: false,
          reason: `--format ${JSON.stringify(format)}: expected one of ${
            REPORT_FORMATS.join(", ")
          }`,
        };
      }
      return {
        ok: true,
        command: { name, key: target, format: format as ReportFormat, out: values.out ?? null },
      };
    }
    default:
      return {
        ok: false,
        reason: name === undefined ? "no command given" : `unknown command ${JSON.stringify(name)}`,
      };
  }
}
