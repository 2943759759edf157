/**
 * `bun run bench:train-scale [--json] [--users N] [--items N] [--interactions N] [--rank K] [--iterations N] [--threads N]`:
 * full implicit-ALS training at the scenario's scale (default 1M users × 27k
 * movies × 25M interactions, rank 64), timing each phase and reporting peak RSS.
 * Run by hand (it takes minutes and gigabytes), never in CI; prints, asserts nothing.
 * Targets: full training ≤ 15 min and ≤ 12 GB peak RSS.
 * Interactions are synthetic: users with heavy-tailed activity, movies with
 * heavy-tailed popularity, values like log(1 + minutes); distinct per user.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { AlsConfig } from "../trainer/als/als-config.ts";
import { createExecutor } from "../trainer/als/create-executor.ts";
import { trainAls } from "../trainer/als/train-als.ts";
import { InteractionsBuilder } from "../trainer/datasets/interactions.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { readProcessArgs } from "../infra/cli/command.ts";

const values = readProcessArgs({
  name: "bun run bench:train-scale",
  summary: "ALS training time at scale on generated data, printed, never asserted.",
  usage: ["[--json] [--users N] [--items N] [--interactions N] [--rank K] [--iterations N] [--threads N]"],
  examples: ["bun run bench:train-scale --users 10000 --json"],
  flags: {
    users: z.coerce.number().int().min(1).default(1_000_000).describe("generated users (default 1,000,000)"),
    items: z.coerce.number().int().min(1).default(27_000).describe("generated movies (default 27,000)"),
    interactions: z.coerce.number().int().min(1).default(25_000_000).describe("generated interactions (default 25,000,000)"),
    rank: z.coerce.number().int().min(1).default(64).describe("latent factors (default 64)"),
    iterations: z.coerce.number().int().min(1).default(10).describe("ALS sweeps (default 10)"),
    threads: z.coerce.number().int().min(1).default(2).describe("worker threads (default 2)"),
  },
  json: true,
});
const { users, items, interactions: target } = values;
const say = (line: string) => { if (!values.json) console.log(line); };

/** Peak resident memory of the process (all threads) so far, from the kernel. */
function peakRssBytes(): number {
  const match = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+) kB/);
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

let started = performance.now();
const random = mulberry32(2026);
const builder = new InteractionsBuilder();
const perUserMean = target / users;
const seen = new Set<number>();
for (let u = 0; u < users && builder.length < target; u++) {
  // Heavy-tailed activity with the requested mean: exponential draws, at least one.
  const count = Math.max(1, Math.min(items / 4, Math.round(-Math.log(1 - random()) * perUserMean)));
  seen.clear();
  while (seen.size < count) {
    const item = Math.floor(items * random() ** 2.2); // popular movies first
    if (seen.has(item)) continue;
    seen.add(item);
    builder.push(u, item, Math.log1p(1 + Math.floor(random() * 120)), 0);
  }
}
const data = builder.build();
const generateSeconds = (performance.now() - started) / 1000;
say(`generated ${data.length.toLocaleString()} interactions (${users.toLocaleString()} users × ${items.toLocaleString()} movies) in ${generateSeconds.toFixed(1)} s`);

const config = AlsConfig.parse({
  model: "implicit", rank: values.rank, iterations: values.iterations, lambda: 30, alpha: 1,
  threads: values.threads, solver: "cg", cgSteps: 3,
});
const executor = createExecutor(config.threads);
const iterationSeconds: number[] = [];
let last = performance.now();
started = last;
await trainAls(data, { nUsers: users, nItems: items }, config, {
  executor,
  onIteration: (report) => {
    const now = performance.now();
    iterationSeconds.push((now - last) / 1000);
    last = now;
    say(`  iteration ${report.iteration}/${report.iterations}: ${((now - started) / 1000).toFixed(1)} s, loss ${report.loss.toExponential(3)}`);
  },
});
await executor.close();
const trainSeconds = (performance.now() - started) / 1000;
const figures = {
  users, items, interactions: data.length, rank: config.rank, iterations: config.iterations, threads: config.threads,
  generate_s: Number(generateSeconds.toFixed(1)), train_s: Number(trainSeconds.toFixed(1)),
  mean_iteration_s: Number((iterationSeconds.reduce((a, b) => a + b, 0) / iterationSeconds.length).toFixed(2)),
  peak_rss_gb: Number((peakRssBytes() / 2 ** 30).toFixed(2)),
};
say(`training: ${figures.train_s} s (${figures.mean_iteration_s} s per iteration; target: whole training ≤ 900 s); peak RSS ${figures.peak_rss_gb} GB (target ≤ 12 GB)`);
if (values.json) console.log(JSON.stringify(figures));
