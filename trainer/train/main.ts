/**
 * `bun run train`: trains ALS and evaluates it offline, fold by fold.
 *   bun run train --dataset movielens:../shared/data/ml-100k --folds 5 --json
 * With --json, stdout carries exactly one JSON object (the operator contract,
 * see run-folds.ts) and logs go to stderr. Without it, stderr shows a live
 * progress bar on a terminal, JSON log lines otherwise, and stdout a table.
 */
import { createExecutor } from "../als/create-executor.ts";
import { foldLoader } from "./fold-loaders.ts";
import { formatProgressBar, formatProgressLog, type Progress } from "./format-progress.ts";
import { formatSummary } from "./format-summary.ts";
import { runFolds } from "./run-folds.ts";
import { FlagError, parseTrainFlags } from "./train-flags.ts";

async function main(argv: string[]): Promise<number> {
  let flags;
  try {
    flags = parseTrainFlags(argv);
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
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
    return 0;
  } finally {
    await executor.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
