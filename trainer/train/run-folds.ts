/**
 * Cross-validation: for each selected fold, load it, train, evaluate, and
 * collect the figures into the operator contract of `train --json`:
 * `{folds: [{fold, rmse, mae, seconds, ...}], mean: {rmse, mae, ...}, config}`.
 * The clock and the loader are passed in, so this runs under test with fakes.
 */
import type { AlsExecutor } from "../als/als-executor.ts";
import type { IterationReport } from "../als/train-als.ts";
import { evaluateFold, type FoldMetrics } from "./evaluate-fold.ts";
import { fitFoldModel } from "./fit-fold-model.ts";
import type { FoldLoader } from "./fold-loaders.ts";
import type { FoldFlags, TrainFlags } from "./train-flags.ts";

export type FoldResult = FoldMetrics & {
  readonly fold: number;
  /** Wall time of the fold: loading, training and evaluation. */
  readonly seconds: number;
  readonly trainSeconds: number;
  readonly trainRows: number;
  readonly testRows: number;
  readonly rejectedLines: number;
  readonly finalLoss: number;
};

export type FoldsReport = {
  readonly folds: FoldResult[];
  readonly mean: {
    readonly rmse: number | null;
    readonly mae: number | null;
    readonly precision: number;
    readonly recall: number;
    readonly ndcg: number;
    readonly map: number;
    readonly seconds: number;
  };
  readonly config: Omit<TrainFlags, "json">;
};

export type RunFoldsDeps = {
  readonly load: FoldLoader;
  /** Milliseconds from any fixed origin (performance.now in production). */
  readonly now: () => number;
  readonly executor?: AlsExecutor;
  readonly onIteration?: (fold: number, report: IterationReport) => void;
  readonly onFold?: (result: FoldResult) => void;
};

/** Runs every selected fold in order and returns the report. */
export async function runFolds(flags: FoldFlags, deps: RunFoldsDeps): Promise<FoldsReport> {
  const results: FoldResult[] = [];
  for (const fold of flags.folds.folds) {
    const started = deps.now();
    const data = await deps.load(fold, flags.folds.count, flags.als.seed);
    const trainStarted = deps.now();
    let finalLoss = NaN;
    const model = flags.model ?? flags.als.model;
    const fitted = await fitFoldModel(data.train, data, { model, als: flags.als, blend: flags.blend }, {
      executor: deps.executor,
      onIteration: (report) => {
        finalLoss = report.loss;
        deps.onIteration?.(fold, report);
      },
    });
    const trainSeconds = (deps.now() - trainStarted) / 1000;
    const metrics = evaluateFold(fitted.ranking, { ...data, topK: flags.topK, relevance: flags.relevance }, fitted.predict);
    const result: FoldResult = {
      fold,
      ...metrics,
      seconds: (deps.now() - started) / 1000,
      trainSeconds,
      trainRows: data.train.length,
      testRows: data.test.length,
      rejectedLines: data.rejectedLines,
      finalLoss,
    };
    deps.onFold?.(result);
    results.push(result);
  }
  const { json: _json, ...config } = flags;
  return { folds: results, mean: meanOf(results), config };
}

function meanOf(results: readonly FoldResult[]): FoldsReport["mean"] {
  const mean = (pick: (r: FoldResult) => number) => results.reduce((s, r) => s + pick(r), 0) / results.length;
  const explicit = results.every((r) => r.rmse !== null);
  return {
    rmse: explicit ? mean((r) => r.rmse!) : null,
    mae: explicit ? mean((r) => r.mae!) : null,
    precision: mean((r) => r.ranking.precision),
    recall: mean((r) => r.ranking.recall),
    ndcg: mean((r) => r.ranking.ndcg),
    map: mean((r) => r.ranking.map),
    seconds: mean((r) => r.seconds),
  };
}
