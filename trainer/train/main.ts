/**
 * `bun run train`: trains ALS and evaluates it offline, fold by fold.
 *   bun run train --dataset movielens:../shared/data/ml-100k --folds 5 --json
 * Its flags are declared in train-flags.ts. With --json, stdout carries exactly one
 * JSON object (the operator contract, see run-folds.ts) and logs go to stderr. Without
 * it, stdout shows a table. Progress (ALS iterations over every fold, or the evaluation
 * fit and the refit) is a bar on a terminal, and sparse JSON log lines on stderr with
 * --json or off a terminal (infra/terminal/progress.ts).
 */
import { createExecutor } from "../als/create-executor.ts";
import { foldLoader } from "./fold-loaders.ts";
import { formatSummary } from "./format-summary.ts";
import { runFolds } from "./run-folds.ts";
import { type FoldFlags, trainCommand, trainFlagsFrom, type TrainFlags } from "./train-flags.ts";
import { type Outcome, runMain } from "../../infra/cli/command.ts";
import { join, resolve } from "node:path";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { ensureDatabase } from "../../infra/db/ensure-database.ts";
import { migrateDatabase } from "../../infra/db/migrate-database.ts";
import { createProgress, printLine } from "../../infra/terminal/progress.ts";
import { createTerminalLogger } from "../../infra/terminal/terminal-logger.ts";
import type { IterationReport } from "../als/train-als.ts";
import { runProductionTraining } from "../pipeline/run-production-training.ts";
import { loadTrainConfig } from "./config.ts";
import { formatProductionReport } from "./format-production-report.ts";

/** What a bar shows beside its count after an ALS iteration. */
const iterationDetail = (report: IterationReport) => ({ loss: report.loss, train_error: report.trainError });

async function runCrossValidation(flags: FoldFlags): Promise<Outcome> {
  const log = createTerminalLogger("train", { json: flags.json });
  const executor = createExecutor(flags.als.threads);
  const folds = flags.folds.folds;
  const progress = createProgress(
    { label: "cross-validation", total: folds.length * flags.als.iterations, unit: "iterations" },
    { json: flags.json, log },
  );
  try {
    const report = await runFolds(flags, {
      load: foldLoader(flags.dataset),
      now: () => performance.now(),
      executor,
      onIteration: (fold, iteration) => {
        const position = folds.indexOf(fold);
        progress.update(position * iteration.iterations + iteration.iteration, {
          fold: `${fold} (${position + 1}/${folds.length})`, ...iterationDetail(iteration),
        });
      },
      onFold: (result) => {
        log.info("fold", { fold: result.fold, rmse: result.rmse, mae: result.mae, seconds: result.seconds });
        if (result.rejectedLines > 0) log.warn("rejected lines", { fold: result.fold, count: result.rejectedLines });
      },
    });
    progress.done();
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatSummary(report)}\n`);
    return "ok";
  } finally {
    progress.done();
    await executor.close();
  }
}

/** Trains on the event store (or a snapshot or movielog file), gates, writes and registers the model. Exit 2 when the gate fails. */
async function runProduction(flags: TrainFlags): Promise<Outcome> {
  const config = loadTrainConfig(process.env);
  const log = createTerminalLogger("train", { json: flags.json });
  const root = join(import.meta.dir, "../..");
  const server = await ensureDatabase(config, (l) => log.info(l));
  const database = connectDatabase(server.url, { applicationName: "train" });
  const executor = createExecutor(flags.als.threads);
  // Two ALS fits: one on the earlier data to evaluate against the later, then the refit on all of it.
  const iterations = flags.als.iterations;
  const progress = createProgress({ label: "training", total: 2 * iterations, unit: "iterations" }, { json: flags.json, log });
  try {
    await migrateDatabase(server.url);
    const report = await runProductionTraining(flags, {
      sql: database.sql, log, now: () => new Date(), root, executor,
      artifactDir: resolve(root, config.ARTIFACT_DIR), snapshotDir: resolve(root, config.SNAPSHOT_DIR),
      onIteration: (stage, iteration) => {
        progress.update((stage === "evaluate" ? 0 : iteration.iterations) + iteration.iteration, { stage, ...iterationDetail(iteration) });
      },
    });
    progress.done();
    process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${formatProductionReport(report)}\n`);
    if (!report.gate.pass) printLine(`offline gate failed: ${report.gate.reasons.join("; ")}`);
    return report.gate.pass ? "ok" : "gate_failed";
  } finally {
    progress.done();
    await executor.close();
    await database.close();
    await server.stop();
  }
}

await runMain(trainCommand, async (args) => {
  const flags = trainFlagsFrom(args, Date.now());
  return flags.folds === null ? await runProduction(flags) : await runCrossValidation({ ...flags, folds: flags.folds });
});
