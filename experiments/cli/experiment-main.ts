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
import { CommandError, exitCode } from "../../infra/cli/exit-codes.ts";
import { withDatabase } from "../../infra/db/with-database.ts";
import { errorMessage } from "../../infra/log/logger.ts";
import { readSystemState } from "../../infra/process/system-state.ts";
import { type ExperimentDocument } from "../design/experiment-document.ts";
import { parseExperimentDocument } from "../design/parse-experiment-document.ts";
import { changeExperimentStatus } from "../store/change-experiment-status.ts";
import { createExperiment } from "../store/create-experiment.ts";
import { listExperiments, showExperiment } from "../store/read-experiments.ts";
import { type ExperimentCliConfig, loadExperimentCliConfig } from "./experiment-cli-config.ts";
import { formatExperimentSummary, formatExperimentTable } from "./format-experiments.ts";
import { type ExperimentCommand, parseExperimentArgs, USAGE } from "./parse-experiment-args.ts";

const ROOT = join(import.meta.dir, "..", "..");


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

async function run(
  sql: postgres.Sql,
  command: ExperimentCommand,
  document: ExperimentDocument | null,
  config: ExperimentCliConfig,
): Promise<void> {
  const actor = `experiment-cli (${userInfo().username})`;
  const json = "json" in command && command.json;
  const print = (value: object, human: string) => console.log(json ? JSON.stringify(value) : human);
  switch (command.name) {
    case "create": {
      const created = orRefuse(await createExperiment(sql, document!, actor));
      const value = { key: created.key, status: "draft", rulesVersion: created.rulesVersion };
      print(
        value,
        `created experiment ${created.key} as a draft (rules version ${created.rulesVersion})\n` +
          `start it with: bun run experiment start ${created.key}`,
      );
      return;
    }
    case "start":
    case "stop": {
      const to = command.name === "start" ? "running" : "stopped";
      const options = { actor, now: Date.now(), streamTopic: config.KAFKA_TOPIC };
      const changed = orRefuse(await changeExperimentStatus(sql, command.key, to, options));
      const { ok: _, times, ...rest } = changed;
      const at = to === "running"
        ? `${times.startedAt?.toISOString()} (stream ${times.streamStartedAt?.toISOString()})`
        : `${times.stoppedAt?.toISOString()} (stream ${times.streamStoppedAt?.toISOString()})`;
      print(
        { ...rest, ...times },
        `experiment ${changed.key} is ${to} (rules version ${changed.rulesVersion}) since ${at}`,
      );
      return;
    }
    case "list": {
      const { experiments } = orRefuse(await listExperiments(sql));
      print({ experiments }, formatExperimentTable(experiments));
      return;
    }
    case "show": {
      const { experiment } = orRefuse(await showExperiment(sql, command.key));
      print(experiment, formatExperimentSummary(experiment));
      return;
    }
    case "report": {
      // Loaded on demand: the lifecycle commands need none of the statistics and chart code.
      const { reportExperiment } = await import("../data/report-experiment.ts");
      const report = orRefuse(
        await reportExperiment(sql, command.key, {
          format: command.format,
          now: Date.now(),
          streamTopic: config.KAFKA_TOPIC,
        }),
      );
      if (command.out === null) console.log(report.text);
      else {
        writeFileSync(command.out, report.text);
        console.error(`wrote the ${command.format} report of ${command.key} to ${command.out}`);
      }
      return;
    }
  }
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(`${USAGE}\n\nexample:\n  bun run experiment create experiment.json\n  bun run experiment report <key> --format html --out report.html\n\nexit 0: done; 2: bad usage, an invalid document, an unknown key or a refused change; 1: anything unexpected`);
    return;
  }
  const args = parseExperimentArgs(argv);
  if (!args.ok) throw new CommandError("usage", `${args.reason}\n${USAGE}`);
  const { command } = args;
  // Read before connecting, so a bad file fails fast and leaves the database alone.
  const document = command.name === "create" ? readDocument(command.file) : null;
  let config: ExperimentCliConfig;
  try {
    config = loadExperimentCliConfig(process.env);
  } catch (error) {
    throw new CommandError("usage", errorMessage(error));
  }
  const system = config.DATABASE_URL
    ? null
    : readSystemState(resolve(ROOT, config.SYSTEM_STATE_FILE));
  await withDatabase(
    { ...config, DATABASE_URL: config.DATABASE_URL ?? system?.databaseUrl },
    "experiment-cli",
    (database) => run(database.sql, command, document, config),
  );
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof CommandError ? error.message : `experiment: ${errorMessage(error)}`);
  process.exit(exitCode(error instanceof CommandError ? error.outcome : "error"));
}
