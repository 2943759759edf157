/**
 * `bun run report <name> [options]`: the platform's reports, one subcommand each on the
 * command harness (infra/cli/command-group.ts). To add a report, add one entry to
 * REPORTS: each declares its own flags and help in its own main, loaded only when it
 * runs, so one report's dependencies never slow another.
 */
import { type CommandGroup, runGroupMain, type Subcommand } from "../infra/cli/command-group.ts";

/** A report loaded when it runs: `run` resolves to the exit code. */
function lazyReport(summary: string, run: (argv: string[]) => Promise<number>): Subcommand {
  return { summary, usage: ["[--json] [options]"], flags: {}, run: (argv) => run([...argv]) };
}

/** Every report by name. */
export const REPORTS: Readonly<Record<string, Subcommand>> = {
  analysis: lazyReport(
    "feedback loops, fairness by user group, rating attacks",
    async (argv) => (await import("./analysis/analysis-main.ts")).runAnalysisReport(argv),
  ),
  availability: lazyReport(
    "availability from router telemetry and the site's stream, downtime intervals",
    async (argv) => (await import("./availability/availability-main.ts")).runAvailabilityReport(argv),
  ),
  online: lazyReport(
    "online quality per model version beside its offline metrics",
    async (argv) => (await import("./online/online-main.ts")).runOnlineReport(argv),
  ),
  provenance: lazyReport(
    "why a user got a list: request, rules, model, training data",
    async (argv) => (await import("./provenance/provenance-main.ts")).runProvenanceReport(argv),
  ),
};

/** `bun run report`: the first argument picks the report, the rest are its own. */
export const REPORT_GROUP: CommandGroup = {
  name: "bun run report",
  summary: "The platform's reports, in Markdown, or one JSON object with --json.",
  subcommands: REPORTS,
  examples: ["bun run report availability --from -24h --json", "bun run report online --help"],
};

if (import.meta.main) await runGroupMain(REPORT_GROUP);
