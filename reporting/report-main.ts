/**
 * `bun run report <name> [options]`: the platform's reports. The first argument
 * picks the report; the rest go to it. To add a report, add one entry to REPORTS
 * (loaded lazily, so one report's dependencies never slow another). Each report
 * declares its own flags and help on the command harness (infra/cli/command.ts).
 */
import { exitCode } from "../infra/cli/exit-codes.ts";

/** A report: a one-line description and a runner that resolves to the exit code. */
type Report = { readonly describe: string; readonly run: (argv: string[]) => Promise<number> };

/** Every report by name. */
export const REPORTS: Readonly<Record<string, Report>> = {
  analysis: {
    describe: "feedback loops, fairness by user group, rating attacks",
    run: async (argv) => (await import("./analysis/analysis-main.ts")).runAnalysisReport(argv),
  },
  availability: {
    describe: "availability from router telemetry and the site's stream, downtime intervals",
    run: async (argv) => (await import("./availability/availability-main.ts")).runAvailabilityReport(argv),
  },
  online: {
    describe: "online quality per model version beside its offline metrics",
    run: async (argv) => (await import("./online/online-main.ts")).runOnlineReport(argv),
  },
  provenance: {
    describe: "why a user got a list: request, rules, model, training data",
    run: async (argv) => (await import("./provenance/provenance-main.ts")).runProvenanceReport(argv),
  },
};

/** The usage text listing every report. */
export function reportUsage(): string {
  const names = Object.entries(REPORTS).map(([name, r]) => `  ${name.padEnd(14)} ${r.describe}`);
  return ["usage: bun run report <name> [--json] [options]", "reports:", ...names].join("\n");
}

/** Runs the report named by `argv[0]`; unknown or missing names print usage and give 2. */
export async function runReport(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--help" || name === "-h") {
    console.log(`${reportUsage()}\n\nexample:\n  bun run report availability --from -24h --json\n  bun run report online --help`);
    return exitCode("ok");
  }
  const report = name === undefined ? undefined : Object.hasOwn(REPORTS, name) ? REPORTS[name] : undefined;
  if (!report) {
    console.error(`${name === undefined ? "no report named" : `unknown report: ${JSON.stringify(name)}`}\n${reportUsage()}`);
    return exitCode("usage");
  }
  return await report.run(rest);
}

if (import.meta.main) process.exit(await runReport(process.argv.slice(2)));
