/**
 * `bun run bench:train [--json]`: figures for the ALS trainer; asserts nothing.
 * (a) ml-100k five published folds: RMSE, MAE and time with the default config
 *     on 2 threads for ALS alone and for the ALS + item-kNN blend, when
 *     ../shared/data/ml-100k exists (says so when absent).
 * (b) speed on synthetic data shaped like ml-1m (6,040 users × 3,706 items,
 *     1M ratings), rank 64: seconds per full ALS iteration for each solver
 *     and thread count, against the plain ml-matrix reference in
 *     reference-als.ts measured in the same run, and the agreement of the
 *     exact (Cholesky) kernel with that reference after one sweep. The machine's
 *     load average is printed with the figures: on a shared 2-core machine the
 *     timings mean little without it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadavg } from "node:os";
import { AlsConfig } from "../trainer/als/als-config.ts";
import { DEFAULT_BLEND_CONFIG } from "../trainer/als/blend-config.ts";
import { createAlsState } from "../trainer/als/als-state.ts";
import { createExecutor } from "../trainer/als/create-executor.ts";
import { trainAls } from "../trainer/als/train-als.ts";
import type { Interactions } from "../trainer/datasets/interactions.ts";
import { syntheticRatings } from "../trainer/datasets/synthetic-ratings.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { foldLoader } from "../trainer/train/fold-loaders.ts";
import { runFolds } from "../trainer/train/run-folds.ts";
import { createReferenceState, referenceIteration } from "./reference-als.ts";
import { readProcessArgs } from "../infra/cli/command.ts";

const { json } = readProcessArgs({
  name: "bun run bench:train",
  summary: "Offline quality and training time on MovieLens folds, printed, never asserted.",
  usage: ["[--json]"],
  examples: ["bun run bench:train --json"],
  flags: {},
  json: true,
});
const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
const figures: Record<string, unknown> = {};

// (a) ml-100k, once per rating model: ALS alone and the ALS + item-kNN blend (the MovieLens default).
const ml100k = join(import.meta.dir, "..", "..", "shared", "data", "ml-100k");
if (existsSync(join(ml100k, "u1.base"))) {
  const als = AlsConfig.parse({ threads: 2 });
  const executor = createExecutor(als.threads);
  const byModel: Record<string, unknown> = {};
  for (const model of ["explicit", "explicit-knn-blend"] as const) {
    const report = await runFolds(
      {
        dataset: { kind: "movielens", dir: ml100k }, folds: { folds: [1, 2, 3, 4, 5], count: 5 }, cutoff: null, tolerance: 0.02,
        json: true, topK: 20, relevance: 4, als, model, blend: DEFAULT_BLEND_CONFIG,
      },
      { load: foldLoader({ kind: "movielens", dir: ml100k }), now: () => performance.now(), executor },
    );
    const folds = report.folds.map((f) => ({ fold: f.fold, rmse: f.rmse, mae: f.mae, seconds: f.seconds, trainSeconds: f.trainSeconds }));
    byModel[model] = { folds, mean: { rmse: report.mean.rmse, mae: report.mean.mae, seconds: report.mean.seconds } };
    log(`ml-100k, 5 published folds, model ${model}, default config, 2 threads`);
    for (const f of folds) log(`  fold ${f.fold}: rmse ${f.rmse!.toFixed(4)} mae ${f.mae!.toFixed(4)} ${f.seconds.toFixed(2)} s`);
    log(`  mean: rmse ${report.mean.rmse!.toFixed(4)} mae ${report.mean.mae!.toFixed(4)} (Surprise: SVD 0.934, SVD++ 0.919, KNNBaseline 0.931, BaselineOnly 0.944)`);
  }
  await executor.close();
  figures.ml100k = { ...byModel, config: { als, blend: DEFAULT_BLEND_CONFIG }, target: "mean RMSE ≤ 0.905" };
} else {
  figures.ml100k = { skipped: `no MovieLens data at ${ml100k}` };
  log(`ml-100k: SKIPPED, no data at ${ml100k}`);
}

// (b) speed
const shape = { nUsers: 6040, nItems: 3706 };
const rank = 64;
const data = syntheticRatings({ users: shape.nUsers, items: shape.nItems, ratings: 1_000_000, rank: 8, noise: 0.5 }, mulberry32(1));
log(`\nspeed: synthetic ${shape.nUsers} users × ${shape.nItems} items, ${data.length} ratings, rank ${rank}`);

/** Mean and fastest seconds per iteration, leaving out the first (thread start-up, JIT warm-up). */
async function secondsPerIteration(train: Interactions, config: AlsConfig): Promise<{ mean: number; fastest: number }> {
  const stamps: number[] = [];
  await trainAls(train, shape, config, { onIteration: () => stamps.push(performance.now()) });
  const gaps = stamps.slice(1).map((t, i) => (t - stamps[i]) / 1000);
  return { mean: gaps.reduce((a, b) => a + b, 0) / gaps.length, fastest: Math.min(...gaps) };
}

const runs: Record<string, number> = {};
const fastest: Record<string, number> = {};
const loadBefore = loadavg()[0];
for (const [name, over] of [
  ["explicit cg, 2 threads", { solver: "cg", threads: 2 }],
  ["explicit cg, 1 thread", { solver: "cg", threads: 1 }],
  ["explicit cholesky, 2 threads", { solver: "cholesky", threads: 2, iterations: 3 }],
  ["implicit cg, 2 threads", { model: "implicit", solver: "cg", threads: 2, lambda: 10, alpha: 1 }],
] as const) {
  const seconds = await secondsPerIteration(data, AlsConfig.parse({ rank, iterations: 5, ...over }));
  runs[name] = seconds.mean;
  fastest[name] = seconds.fastest;
  log(`  ${name.padEnd(30)} ${seconds.mean.toFixed(3)} s/iteration (fastest ${seconds.fastest.toFixed(3)})`);
}

// Reference: one full sweep from the same seeded start as trainAls, then compare with one exact sweep of ours.
const config = AlsConfig.parse({ rank, iterations: 1, solver: "cholesky", seed: 3 });
const init = createAlsState(data, { ...shape, rank, initScale: config.initScale, withMean: true }, mulberry32(config.seed));
const reference = createReferenceState(data, { ...shape, rank }, init);
const started = performance.now();
referenceIteration(reference, config);
const referenceSeconds = (performance.now() - started) / 1000;
const ours = await trainAls(data, shape, config);
let maxDifference = 0;
for (let i = 0; i < shape.nItems; i++) {
  for (let p = 0; p < rank; p++) maxDifference = Math.max(maxDifference, Math.abs(reference.itemFactors.get(i, p) - ours.itemFactors[i * rank + p]));
}
const headline = runs["explicit cg, 2 threads"];
log(`  ${"ml-matrix reference, 1 thread".padEnd(30)} ${referenceSeconds.toFixed(3)} s/iteration`);
log(`  speed-up of explicit cg on 2 threads over the reference: ${(referenceSeconds / headline).toFixed(1)}×` +
  ` (exact cholesky on 2 threads: ${(referenceSeconds / runs["explicit cholesky, 2 threads"]).toFixed(1)}×)`);
log(`  load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${navigator.hardwareConcurrency} cores`);
log(`  exact kernel vs reference after one sweep: max |Δ item factor| ${maxDifference.toExponential(2)} (Float32 output)`);
figures.speed = {
  users: shape.nUsers,
  items: shape.nItems,
  ratings: data.length,
  rank,
  secondsPerIteration: runs,
  fastestSecondsPerIteration: fastest,
  loadAverage: { before: loadBefore, after: loadavg()[0] },
  referenceSecondsPerIteration: referenceSeconds,
  ratio: referenceSeconds / headline,
  maxDifferenceVsReference: maxDifference,
  target: "≤ 0.5 s/iteration (explicit cg, 2 threads)",
};
if (json) process.stdout.write(`${JSON.stringify(figures)}\n`);
