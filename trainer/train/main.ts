/**
 * `bun run train`: trains ALS and evaluates it offline, fold by fold.
 *   bun run train --dataset movielens:../shared/data/ml-100k --folds 5 --json
 * Its flags are declared in train-flags.ts. With --json, stdout carries exactly one
 * JSON object (the operator contract, see run-folds.ts) and logs go to stderr. Without
 * it, stderr shows a live progress bar on a terminal, JSON log lines otherwise, and
 * stdout a table.
 */
import { createExecutor } from "../als/create-executor.ts";
import { foldLoader } from "./fold-loaders.ts";
import { formatProgressBar, formatProgressLog, type Progress } from "./format-progress.ts";
import { formatSummary } from "./format-summary.ts";
import { runFolds } from "./run-folds.ts";
import { type FoldFlags, trainCommand, trainFlagsFrom, type TrainFlags } from "./train-flags.ts";
import { type Outcome, runMain } from "../../infra/cli/command.ts";
import { join, resolve } from "node:path";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { ensureDatabase } from "../../infra/db/ensure-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { createLogger } from "../../infra/log/logger.ts";
import { runProductionTraining } from "../pipeline/run-production-training.ts";
import { loadTrainConfig } from "./config.ts";
import { formatProductionReport } from "./format-production-report.ts";

async function runCrossValidation(flags: FoldFlags): Promise<Outcome> {
  const bar = !flags.json && process.stderr.isTTY === true;
  const started = performance.now();
  const executor = createExecutor(flags.als.threads);
  const foldTotal = flags.folds.folds.length;
  try {
    const report = await runFolds(flags, {
      load: foldLoader(flags.dataset),
      now: () => performance.now(),
      executor,
      onIteration: (fold, iteration) => {
        const progress: Progress = {
          fold,
          foldIndex: flags.folds.folds.indexOf(fold) + 1,
          foldTotal,
          report: iteration,
          elapsed: (performance.now() - started) / 1000,
        };
        process.stderr.write(bar ? `\r${formatProgressBar(progress)}\x1b[K` : `${formatProgressLog(progress)}\n`);
      },
      onFold: (result) => {
        if (bar) process.stderr.write("\n");
        const line = { event: "fold", fold: result.fold, rmse: result.rmse, mae: result.mae, seconds: result.seconds };
        if (!bar) process.stderr.write(`${JSON.stringify(line)}\n`);
        if (result.rejectedLines > 0) {
          process.stderr.write(`${JSON.stringify({ event: "rejected_lines", fold: result.fold, count: result.rejectedLines })}\n`);
        }
      },
    });
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatSummary(report)}\n`);
    return "ok";
  } finally {
    await executor.close();
  }
}

/** Trains on the event store (or a snapshot or movielog file), gates, writes and registers the model. Exit 2 when the gate fails. */
async function runProduction(flags: TrainFlags): Promise<Outcome> {
  const config = loadTrainConfig(process.env);
  const log = createLogger("train");
  const root = join(import.meta.dir, "../..");
  const bar = !flags.json && process.stderr.isTTY === true;
  const server = await ensureDatabase(config, (l) => log.info(l));
  const database = connectDatabase(server.url, { applicationName: "train" });
  const executor = createExecutor(flags.als.threads);
  const started = performance.now();
  try {
    await migrateDatabase(server.url);
    const report = await runProductionTraining(flags, {
      sql: database.sql, log, now: () => new Date(), root, executor,
      artifactDir: resolve(root, config.ARTIFACT_DIR), snapshotDir: resolve(root, config.SNAPSHOT_DIR),
      onIteration: (stage, iteration) => {
        const progress: Progress = { fold: 0, foldIndex: stage === "evaluate" ? 1 : 2, foldTotal: 2, report: iteration, elapsed: (performance.now() - started) / 1000 };
        process.stderr.write(bar ? `\r${stage.padEnd(8)} ${formatProgressBar(progress)}\x1b[K` : `${formatProgressLog(progress)}\n`);
      },
    });
    if (bar) process.stderr.write("\n");
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatProductionReport(report)}\n`);
    if (!report.gate.pass) process.stderr.write(`offline gate failed: ${report.gate.reasons.join("; ")}\n`);
    return report.gate.pass ? "ok" : "gate_failed";
  } finally {
    await executor.close();
    await database.close();
    await server.stop();
  }
}

await runMain(trainCommand, async (args) => {
  const flags = trainFlagsFrom(args, Date.now());
  return flags.folds === null ? await runProduction(flags) : await runCrossValidation({ ...flags, folds: flags.folds });
});
