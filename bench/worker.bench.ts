/**
 * `bun bench/worker.bench.ts [--json] [--users N] [--items N] [--queries N]`: inference
 * worker figures, printed, never asserted. Builds a synthetic artifact (default 1M
 * users × 27k movies, rank 64, random factors, ~25 seen movies per user) in a temp
 * dir from a child process, so this process's RSS is the loaded model's; loads it;
 * measures recommendTopK over random users against a naive reference (score every
 * item, full sort) in the same run, the flagged paths, load time, RSS, and the
 * longest event-loop stall while a second copy loads beside the first (a hot swap).
 * Targets: p99 ≤ 5 ms per request, RSS ≤ 1.5 GB.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { writeArtifact } from "../infra/model/write-artifact.ts";
import { sampleManifest } from "../shared/model/testing/sample-manifest.ts";
import { loadServingModel } from "../workers/model/load-serving-model.ts";
import type { Flags } from "../workers/scoring/parse-flags.ts";
import { recommendTopK } from "../workers/scoring/recommend-top-k.ts";
import type { ServingModel } from "../workers/scoring/serving-model.ts";
import { findUserRow } from "../workers/scoring/user-index.ts";
import { mulberry32 } from "../shared/random/mulberry32.ts";
import { readProcessArgs } from "../infra/cli/command.ts";

const args = readProcessArgs({
  name: "bun run bench:worker",
  summary: "Worker recommendation latency, printed, never asserted.",
  usage: ["[--json] [--users N] [--items N] [--queries N]"],
  examples: ["bun run bench:worker --users 100000 --json"],
  flags: {
    users: z.coerce.number().int().min(1).default(1_000_000).describe("users of the synthetic model (default 1,000,000)"),
    items: z.coerce.number().int().min(1).default(27_000).describe("movies of the synthetic model (default 27,000)"),
    queries: z.coerce.number().int().min(1).default(10_000).describe("timed recommendations (default 10,000)"),
    generate: z.string().min(1).optional().describe("(internal) write the synthetic artifact into this directory and exit"),
  },
  json: true,
});
const { users: USERS, items: ITEMS, queries: QUERIES } = args;
const RANK = 64;
const say = (s: string) => { if (!args.json) console.log(s); };
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
/** Unique, unordered, ≤ 2^31 − 1: an odd multiplier permutes the residues mod 2^31. */
const userIdOf = (row: number) => Number((BigInt(row + 1) * 2654435761n) % 2147483648n);

async function generate(dir: string) {
  const next = mulberry32(1);
  const userFactors = Float32Array.from({ length: USERS * RANK }, () => next() * 0.6 - 0.3);
  const itemFactors = Float32Array.from({ length: ITEMS * RANK }, () => next() * 0.6 - 0.3);
  const seenOffsets = new Uint32Array(USERS + 1);
  for (let u = 0; u < USERS; u++) seenOffsets[u + 1] = seenOffsets[u] + 10 + Math.floor(next() * 31); // 10..40, mean 25
  const seenItems = Uint32Array.from({ length: seenOffsets[USERS] }, () => Math.floor(next() * ITEMS));
  for (let u = 0; u < USERS; u++) seenItems.subarray(seenOffsets[u], seenOffsets[u + 1]).sort(); // the contract: rows ascending
  const itemIds = Array.from({ length: ITEMS }, (_, i) => `movie+${i}+${1950 + (i % 70)}`);
  const { files: _files, formatVersion: _format, ...base } = sampleManifest;
  await writeArtifact(dir, {
    ...base, version: "bench-1", rank: RANK, itemIds, userCount: USERS, popular: itemIds.slice(0, 100),
    algorithm: { name: "als-implicit", hyperparameters: { rank: RANK } },
  } as Parameters<typeof writeArtifact>[1], {
    userFactors, itemFactors, userIds: Uint32Array.from({ length: USERS }, (_, row) => userIdOf(row)), seenOffsets, seenItems,
  });
}

/** The obvious implementation: every unseen item scored into objects, a Set for exclusion, a full sort. */
function naiveTopK(model: ServingModel, userId: number, k: number): string[] {
  const row = findUserRow(model.users, userId);
  if (row < 0) return model.popular.slice(0, k);
  const seen = new Set(model.seenItems.subarray(model.seenOffsets[row], model.seenOffsets[row + 1]));
  const scored: { id: string; score: number }[] = [];
  for (let i = 0; i < model.itemCount; i++) {
    if (seen.has(i)) continue;
    let score = 0;
    for (let p = 0; p < RANK; p++) score += model.userFactors[row * RANK + p] * model.itemFactors[i * RANK + p];
    scored.push({ id: model.itemIds[i], score });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k).map((e) => e.id);
}

function measure(users: number[], run: (user: number) => unknown) {
  for (const u of users.slice(0, 200)) run(u); // warm-up: let the JIT compile the hot loop
  const times = users.map((u) => {
    const t0 = performance.now();
    run(u);
    return performance.now() - t0;
  }).sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3));
  return { n: times.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1), meanMs: Number((times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)) };
}

async function main() {
  if (args.generate) return await generate(args.generate);
  const dir = join(mkdtempSync(join(tmpdir(), "worker-bench-")), "artifact");
  try {
    say(`generating ${USERS} users × ${ITEMS} movies, rank ${RANK} in ${dir} …`);
    let t0 = performance.now();
    const child = Bun.spawnSync([process.execPath, import.meta.path, "--generate", dir, "--users", String(USERS), "--items", String(ITEMS)], { stdout: "inherit", stderr: "inherit" });
    if (child.exitCode !== 0) throw new Error(`artifact generation failed (exit ${child.exitCode})`);
    const generateSeconds = (performance.now() - t0) / 1000;
    Bun.gc(true);
    const rssBeforeLoadMB = mb(process.memoryUsage.rss());
    t0 = performance.now();
    const loaded = await loadServingModel(dir);
    if (!loaded.ok) throw new Error(loaded.reason);
    const loadSeconds = (performance.now() - t0) / 1000;
    Bun.gc(true);
    const rssAfterLoadMB = mb(process.memoryUsage.rss());
    const model = loaded.model;

    const next = mulberry32(2);
    const users = Array.from({ length: QUERIES }, () => userIdOf(Math.floor(next() * USERS)));
    const topK = measure(users, (u) => recommendTopK(model, u, 20, {}));
    const naiveUsers = users.slice(0, Math.min(QUERIES, 1000));
    const naive = measure(naiveUsers, (u) => naiveTopK(model, u, 20));
    const agree = naiveUsers.filter((u) => recommendTopK(model, u, 20, {}).ids.join() === naiveTopK(model, u, 20).join()).length;
    const flagged = (flags: Flags) => measure(users.slice(0, 2000), (u) => recommendTopK(model, u, 20, flags));
    const mmr = flagged({ rerank: "mmr" });
    const blend = flagged({ popularityBlend: 0.3 });
    const unknown = measure(Array.from({ length: 1000 }, (_, i) => 2_000_000_000 + i), (u) => recommendTopK(model, u, 20, {}));

    // A hot swap: the same artifact loaded beside the served model while a timer measures event-loop stalls.
    let last = performance.now();
    let maxStallMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      maxStallMs = Math.max(maxStallMs, now - last);
      last = now;
    }, 1);
    const second = await loadServingModel(dir);
    clearInterval(ticker);
    const rssDuringSwapMB = mb(process.memoryUsage.rss());
    if (!second.ok) throw new Error(second.reason);

    const figures = {
      users: USERS, items: ITEMS, rank: RANK, seenPerUser: Number((model.seenItems.length / USERS).toFixed(1)),
      generateSeconds: Number(generateSeconds.toFixed(1)), loadSeconds: Number(loadSeconds.toFixed(2)),
      rssBeforeLoadMB, rssAfterLoadMB, rssDuringSwapMB, maxEventLoopStallDuringSwapMs: Number(maxStallMs.toFixed(1)),
      topK, naive, naiveAgreement: `${agree}/${naiveUsers.length}`,
      speedup: { p50: Number((naive.p50Ms / topK.p50Ms).toFixed(1)), p99: Number((naive.p99Ms / topK.p99Ms).toFixed(1)) },
      mmr, popularityBlend: blend, unknownUser: unknown,
    };
    if (args.json) return console.log(JSON.stringify(figures));
    const line = (name: string, m: { n: number; p50Ms: number; p99Ms: number; maxMs: number }) =>
      say(`  ${name.padEnd(22)} p50 ${m.p50Ms.toFixed(3)} ms  p99 ${m.p99Ms.toFixed(3)} ms  max ${m.maxMs.toFixed(3)} ms  (n=${m.n})`);
    say(`generated in ${figures.generateSeconds} s; ${figures.seenPerUser} seen movies per user`);
    say(`load ${figures.loadSeconds} s; RSS ${rssBeforeLoadMB} MB before, ${rssAfterLoadMB} MB loaded, ${rssDuringSwapMB} MB with a second copy (swap)`);
    say(`longest event-loop stall while loading the second copy: ${figures.maxEventLoopStallDuringSwapMs} ms`);
    line("recommendTopK", topK);
    line("naive (full sort)", naive);
    say(`  speed-up over naive: p50 ×${figures.speedup.p50}, p99 ×${figures.speedup.p99}; same lists for ${figures.naiveAgreement} users`);
    line("rerank mmr", mmr);
    line("popularityBlend 0.3", blend);
    line("unknown user", unknown);
  } finally {
    rmSync(join(dir, ".."), { recursive: true, force: true });
  }
}

await main();
