/**
 * The command lines of `bun run experiment <command>`, one harness spec per command
 * (infra/cli/command.ts); experiment-main.ts gives each its body.
 */
import { z } from "zod";
import { oneArgument } from "../../infra/cli/command.ts";

const PROGRAM = "bun run experiment";

/** What every command's help says about its exit code. */
export const EXPERIMENT_EXIT_NOTE = "exit 0: done; 2: bad usage, an invalid document, an unknown key or a refused change; 1: anything unexpected";

/** A command that takes one experiment key. */
function keyCommand<N extends string>(name: N, summary: string) {
  return {
    name: `${PROGRAM} ${name}`,
    summary,
    usage: ["<key> [--json]"],
    examples: [`${PROGRAM} ${name} popularity-blend`],
    flags: {},
    json: true,
    positionals: oneArgument(`${name} needs an experiment key`),
    notes: [EXPERIMENT_EXIT_NOTE],
  } as const;
}

export const createCommand = {
  name: `${PROGRAM} create`,
  summary: "Stores an experiment document: its assignment in the rules as a draft (audited), its design in experiment_designs.",
  usage: ["<file.json> [--json]"],
  examples: [`${PROGRAM} create experiment.json`],
  flags: {},
  json: true,
  positionals: oneArgument("create needs a file: create <file.json>"),
  notes: [EXPERIMENT_EXIT_NOTE],
} as const;

export const startCommand = keyCommand("start", "Starts a draft experiment: the routers enrol users from the next rules version.");
export const stopCommand = keyCommand("stop", "Stops a running experiment; it stays in the rules for its report.");
export const showCommand = keyCommand("show", "One experiment: its design, variants, status and times.");

export const listCommand = {
  name: `${PROGRAM} list`,
  summary: "Every experiment in the rules, with its status and variants.",
  usage: ["[--json]"],
  examples: [`${PROGRAM} list --json`],
  flags: {},
  json: true,
  notes: [EXPERIMENT_EXIT_NOTE],
} as const;

/** The formats a report renders to. */
export const ReportFormat = z.enum(["md", "html", "json"], {
  error: (issue) => `must be md, html or json: current value is ${JSON.stringify(issue.input)}`,
});
export type ReportFormat = z.infer<typeof ReportFormat>;

export const reportCommand = {
  name: `${PROGRAM} report`,
  summary: "The experiment's report: SRM check, Welch tests with Holm correction, confidence sequences, CUPED, power, " +
    "and for an interleaving experiment which of its two pools users prefer; HTML with charts.",
  usage: ["<key> [--format md|html|json] [--out <file>]"],
  examples: [`${PROGRAM} report popularity-blend --format html --out report.html`],
  flags: {
    format: ReportFormat.default("md").describe("md (default), html or json"),
    out: z.string().min(1).optional().describe("write the report to this file instead of stdout"),
  },
  positionals: oneArgument("report needs an experiment key"),
  notes: [EXPERIMENT_EXIT_NOTE],
} as const;
