/**
 * `bun run experiment create|start|stop|list|show|report`: A/B experiments, edited in
 * the rules the routers read (audited, as source "cli") and in their designs. The
 * database is DATABASE_URL, else the running system's (.data/system.json), else the
 * embedded one. Exit 0 on success; 2 on bad usage, an invalid document, an unknown key
 * or a refused change (one-line reason on stderr); 1 on anything unexpected.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { join, resolve } from "node:path";
import type postgres from "postgres";
import { type CommandContext, CommandError } from "../../infra/cli/command.ts";
import { runGroupMain, subcommand } from "../../infra/cli/command-group.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { readSystemState } from "../../infra/process/system-state.ts";
import type { ExperimentDocument } from "../design/experiment-document.ts";
import { parseExperimentDocument } from "../design/parse-experiment-document.ts";
import { changeExperimentStatus } from "../store/change-experiment-status.ts";
import { createExperiment } from "../store/create-experiment.ts";
import { listExperiments, showExperiment } from "../store/read-experiments.ts";
import { type ExperimentCliConfig, loadExperimentCliConfig } from "./experiment-cli-config.ts";
import {
  createCommand,
  EXPERIMENT_EXIT_NOTE,
  listCommand,
  reportCommand,
  showCommand,
  startCommand,
  stopCommand,
} from "./experiment-commands.ts";
import { formatExperimentSummary, formatExperimentTable } from "./format-experiments.ts";

const ROOT = join(import.meta.dir, "..", "..");
const actor = () => `experiment-cli (${userInfo().username})`;

/** The outcome of a store call: its value, or its refusal as an exit-2 error. */
function orRefuse<R extends { ok: true } | { ok: false; reason: string }>(
  result: R,
): Extract<R, { ok: true }> {
  if (!result.ok) throw new CommandError("refused", result.reason);
  return result as Extract<R, { ok: true }>;
}

function readDocument(path: string): ExperimentDocument {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CommandError("usage", `cannot read ${path} as JSON: ${errorMessage(error)}`);
  }
  const parsed = parseExperimentDocument(input);
  if (!parsed.ok) {
    throw new CommandError("refused", `${path} is not a valid experiment: ${parsed.errors.join("; ")}`);
  }
  return parsed.document;
}

/** Runs `work` on the experiments' database: DATABASE_URL, else the running system's, else the embedded one. */
async function withExperiments(
  work: (sql: postgres.Sql, config: ExperimentCliConfig) => Promise<void>,
): Promise<"ok"> {
  let config: ExperimentCliConfig;
  try {
    config = loadExperimentCliConfig(process.env);
  } catch (error) {
    throw new CommandError("usage", errorMessage(error));
  }
  const system = config.DATABASE_URL ? null : readSystemState(resolve(ROOT, config.SYSTEM_STATE_FILE));
  await withDatabase(
    { ...config, DATABASE_URL: config.DATABASE_URL ?? system?.databaseUrl },
    "experiment-cli",
    (database) => work(database.sql, config),
  );
  return "ok";
}

/** `start` and `stop`: the status change, with its times on the wall clock and on the stream's. */
function changeStatus(to: "running" | "stopped") {
  return ({ positionals: key }: { positionals: string }, out: CommandContext) =>
    withExperiments(async (sql, config) => {
      const options = { actor: actor(), now: Date.now(), streamTopic: config.KAFKA_TOPIC };
      const changed = orRefuse(await changeExperimentStatus(sql, key, to, options));
      const { ok: _, times, ...rest } = changed;
      const at = to === "running"
        ? `${times.startedAt?.toISOString()} (stream ${times.streamStartedAt?.toISOString()})`
        : `${times.stoppedAt?.toISOString()} (stream ${times.streamStoppedAt?.toISOString()})`;
      out.print(
        { ...rest, ...times },
        `experiment ${changed.key} is ${to} (rules version ${changed.rulesVersion}) since ${at}`,
      );
    });
}

await runGroupMain({
  name: "bun run experiment",
  summary: "A/B experiments: assignments in the rules the routers read, designs beside them, and their reports.",
  examples: [
    "bun run experiment create experiment.json",
    "bun run experiment report <key> --format html --out report.html",
  ],
  notes: [EXPERIMENT_EXIT_NOTE],
  subcommands: {
    create: subcommand(createCommand, ({ positionals: file }, out) => {
      // Read before connecting, so a bad file fails fast and leaves the database alone.
      const document = readDocument(file);
      return withExperiments(async (sql) => {
        const created = orRefuse(await createExperiment(sql, document, actor()));
        out.print(
          { key: created.key, status: "draft", rulesVersion: created.rulesVersion },
          `created experiment ${created.key} as a draft (rules version ${created.rulesVersion})\n` +
            `start it with: bun run experiment start ${created.key}`,
        );
      });
    }),
    start: subcommand(startCommand, changeStatus("running")),
    stop: subcommand(stopCommand, changeStatus("stopped")),
    list: subcommand(listCommand, (_, out) =>
      withExperiments(async (sql) => {
        const { experiments } = orRefuse(await listExperiments(sql));
        out.print({ experiments }, formatExperimentTable(experiments));
      })),
    show: subcommand(showCommand, ({ positionals: key }, out) =>
      withExperiments(async (sql) => {
        const { experiment } = orRefuse(await showExperiment(sql, key));
        out.print(experiment, formatExperimentSummary(experiment));
      })),
    report: subcommand(reportCommand, ({ positionals: key, format, out: file }) =>
      withExperiments(async (sql, config) => {
        // Loaded on demand: the lifecycle commands need none of the statistics and chart code.
        const { reportExperiment } = await import("../data/report-experiment.ts");
        const report = orRefuse(await reportExperiment(sql, key, { format, now: Date.now(), streamTopic: config.KAFKA_TOPIC }));
        if (file === undefined) console.log(report.text);
        else {
          writeFileSync(file, report.text);
          console.error(`wrote the ${format} report of ${key} to ${file}`);
        }
      })),
  },
});
