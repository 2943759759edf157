/**
 * One production training run, in memory: evaluate the configuration on a
 * time-based split against popularity and the production model, judge the gate,
 * then refit on all rows for serving. The served model is the implicit one; an
 * explicit model is evaluated alongside for rating-prediction quality (RMSE).
 * Deterministic for the same rows, config and seed.
 */
import type { AlsConfig } from "../als/als-config.ts";
import type { AlsExecutor } from "../als/als-executor.ts";
import type { AlsModel } from "../als/als-model.ts";
import { injectFault } from "../als/inject-fault.ts";
import { predictRating } from "../als/predict-rating.ts";
import { type IterationReport, trainAls } from "../als/train-als.ts";
import { mulberry32 } from "../../shared/random/mulberry32.ts";
import { activitySlices } from "../evaluation/activity-slices.ts";
import { evaluateRanking, type RankingOptions, type RankingReport, type Recommend } from "../evaluation/evaluate-ranking.ts";
import type { ListMetrics } from "../evaluation/list-metrics.ts";
import { type Interactions, selectInteractions } from "../datasets/interactions.ts";
import { modelRecommender } from "../evaluation/model-recommender.ts";
import { popularityRecommender } from "../evaluation/popularity-recommender.ts";
import { ratingErrors } from "../evaluation/rating-errors.ts";
import type { TrainingRows } from "../snapshot/training-rows.ts";
import { implicitSignal } from "./implicit-signal.ts";
import { listMetricValue, type PairedShortfall, pairedShortfall } from "./paired-shortfall.ts";
import { type GateConfig, type GateDecision, judgeOfflineGate } from "../../registry/offline-gate.ts";
import { splitByTime, type TimeSplitOptions } from "./split-by-time.ts";

export type ProductionRunInput = {
  readonly rows: TrainingRows;
  readonly als: AlsConfig;
  readonly gate: GateConfig;
  readonly split: TimeSplitOptions;
  readonly topK: number;
  /** Production's recommender and what it trained on, in this run's id space (see artifact-recommender.ts), or null. */
  readonly production: {
    readonly version: string;
    readonly recommend: Recommend;
    readonly seen: (user: number, item: number) => boolean;
  } | null;
  readonly executor?: AlsExecutor;
  readonly onIteration?: (stage: "evaluate" | "refit", report: IterationReport) => void;
};

export type OfflineMetrics = {
  readonly ranking: RankingReport;
  readonly slices: Record<string, RankingReport>;
  readonly popularity: RankingReport;
  /** Production and the candidate on held-out interactions production never trained on; null when none. */
  readonly production: {
    readonly version: string;
    readonly testRows: number;
    readonly production: RankingReport;
    readonly candidate: RankingReport;
    /** The per-user paired comparison on the gate metric: users, mean margin over production's floor, upper bound. */
    readonly paired: PairedShortfall;
  } | null;
  readonly ratings: { readonly rmse: number; readonly mae: number } | null;
  readonly trainRows: number;
  readonly testRows: number;
};

export type ProductionRunResult = { readonly model: AlsModel; readonly metrics: OfflineMetrics; readonly gate: GateDecision };

const strip = <T extends { slices?: unknown }>(r: T): Omit<T, "slices"> => {
  const { slices: _, ...rest } = r;
  return rest;
};

/** Evaluates, gates and refits. `als.inject = "skew"` evaluates a sound model and ships a shuffled one. */
export async function trainProduction(input: ProductionRunInput): Promise<ProductionRunResult> {
  const { rows, topK } = input;
  const nUsers = rows.users.size;
  const nItems = rows.items.size;
  const shape = { nUsers, nItems };
  const skew = input.als.inject === "skew";
  const implicit: AlsConfig = { ...input.als, model: "implicit", inject: skew ? "none" : input.als.inject };
  const signal = implicitSignal(rows);
  const { train, test } = splitByTime(signal, input.split);
  const candidate = await trainAls(train, shape, implicit, { executor: input.executor, onIteration: (r) => input.onIteration?.("evaluate", r) });
  const slicesOfUser = activitySlices(train, nUsers);
  const options = { nUsers, nItems, k: topK, relevanceThreshold: 0, sliceOf: (u: number) => slicesOfUser[u] };
  const ranking = evaluateRanking(modelRecommender(candidate), train, test, options);
  const popularity = evaluateRanking(popularityRecommender(train, nItems), train, test, { ...options, sliceOf: undefined });
  const production = compareWithProduction(input, candidate, train, test, options, input.gate);
  const metrics: OfflineMetrics = {
    ranking: strip(ranking), slices: ranking.slices, popularity: strip(popularity), production,
    ratings: await explicitRatings(rows, input), trainRows: train.length, testRows: test.length,
  };
  const gate = judgeOfflineGate({
    candidate: metrics.ranking, popularity: metrics.popularity,
    production: production
      ? { version: production.version, metrics: production.production, candidate: production.candidate, pairedUpperBound: production.paired.upperBound }
      : null,
  }, input.gate);
  const refit = await trainAls(signal, shape, implicit, { executor: input.executor, onIteration: (r) => input.onIteration?.("refit", r) });
  const model = skew ? injectFault(refit, "shuffle", mulberry32(input.als.seed ^ 0x5eed)) : refit;
  return { model, metrics, gate };
}

/** Minimum held-out rows unseen by production for the comparison to mean anything. */
const MIN_FRESH_ROWS = 20;

function compareWithProduction(
  input: ProductionRunInput, candidate: AlsModel, train: Interactions, test: Interactions, options: RankingOptions, gate: GateConfig,
): OfflineMetrics["production"] {
  if (!input.production) return null;
  const seen = input.production.seen;
  const fresh = selectInteractions(test, (r) => !seen(test.users[r], test.items[r]));
  if (fresh.length < MIN_FRESH_ROWS) return null;
  const plain = { ...options, sliceOf: undefined };
  const perUser = (into: Map<number, number>) => ({ ...plain, onUser: (u: number, m: ListMetrics) => into.set(u, listMetricValue(m, gate.metric)) });
  const productionByUser = new Map<number, number>();
  const candidateByUser = new Map<number, number>();
  const productionReport = strip(evaluateRanking(input.production.recommend, train, fresh, perUser(productionByUser)));
  const candidateReport = strip(evaluateRanking(modelRecommender(candidate), train, fresh, perUser(candidateByUser)));
  return {
    version: input.production.version,
    testRows: fresh.length,
    production: productionReport,
    candidate: candidateReport,
    // Both rank the same users; pairing only users both hold keeps a gap from turning into NaN.
    paired: pairedShortfall(
      [...candidateByUser].flatMap(([u, c]) => (productionByUser.has(u) ? [[c, productionByUser.get(u)!] as const] : [])),
      gate.tolerance,
    ),
  };
}

/** RMSE/MAE of the explicit model on each user's latest ratings; null when there are too few ratings. */
async function explicitRatings(rows: TrainingRows, input: ProductionRunInput): Promise<OfflineMetrics["ratings"]> {
  const { train, test } = splitByTime(rows.ratings, input.split);
  if (train.length < 20 || test.length < 5) return null;
  const explicit: AlsConfig = { ...input.als, model: "explicit", inject: "none" };
  const model = await trainAls(train, { nUsers: rows.users.size, nItems: rows.items.size }, explicit, { executor: input.executor });
  const errors = ratingErrors((u, i) => predictRating(model, u, i), test);
  return { rmse: errors.rmse, mae: errors.mae };
}
