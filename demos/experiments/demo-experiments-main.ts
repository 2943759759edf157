/**
 * `bun run demo:experiments [--json] [--seconds N] [--out <dir>]`: three experiments at
 * once, in two layers, under simulated traffic, run until each is settled
 * (demo-experiment-documents.ts says why their truth is known):
 *   - `model-ab` (layer `models`, 80 % of it): production's stable pool against a
 *     challenger model (production's training with another seed) served by its own
 *     worker, through pools; it declares an equivalence margin of ±25 % on conversion;
 *   - `prefer` (layer `models`, the other 20 %): an interleaving experiment, production's
 *     ranking and a rank-2 model's (another worker) merged for its treatment's users;
 *   - `popularity-blend` (layer `ranking`): the model's order against 80 % of the
 *     score from popularity, through a worker flag.
 * Each user is in `popularity-blend` and in one of the other two (the layers overlap
 * independently). Every 45 s the demo reads the reports and stops an experiment once its
 * verdict is conclusive (ship, stop, equivalent, or a preferred ranking; the reports'
 * decisions are always-valid, so looking often is safe), or at the cap of N seconds (720
 * by default; demo-sizing.ts says what fits in it). Then their reports are written as
 * Markdown, HTML and JSON, and the extra workers and their pools go. Uses the running
 * system, or starts one sized for this (demo-sizing.ts) and stops it.
 * `--json` prints {"experiments":[{key, layer, users, srm_p, lift, ci, p_value, conclusion}], "overlap_users"}.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type Outcome, runMain } from "../../infra/cli/command.ts";
import { z } from "zod";
import { connectDatabase } from "../../infra/db/connect-database.ts";
import { timestampSql } from "../../infra/db/epoch-sql.ts";
import { createLogger, errorMessage } from "../../infra/log/logger.ts";
import { createProgress, printLine } from "../../infra/terminal/progress.ts";
import { createProgressRelay } from "../../infra/terminal/relay-progress.ts";
import { updateRules } from "../../infra/rules/rules-store.ts";
import { processCanaryLauncher } from "../../release/launcher/process-canary-launcher.ts";
import { runJsonCommand } from "../releases/run-json-command.ts";
import { ensureDemoSystem } from "../../system/ensure-demo-system.ts";
import { runStep } from "../../system/run-step.ts";
import { isConclusive } from "./conclusive-verdict.ts";
import { CHALLENGER_SEED, demoExperimentDocuments, WEAK_MODEL_RANK } from "./demo-experiment-documents.ts";
import { CHECK_EVERY_MS, DEFAULT_CAP_SECONDS, DEMO_SITE } from "./demo-sizing.ts";
import { parseReportHeadline, type ReportHeadline } from "./report-headline.ts";
import { runUntilConclusive } from "./run-until-conclusive.ts";

const ROOT = join(import.meta.dir, "../..");
const CHALLENGER_POOL = "challenger";
const WEAK_POOL = "rank2";

const command = {
  name: "bun run demo:experiments",
  summary: "Two A/B experiments and an interleaving experiment in two layers under simulated traffic, run until each is conclusive, with their reports.",
  usage: ["[--json] [--seconds N] [--out <dir>]"],
  examples: ["bun run demo:experiments", "bun run demo:experiments --seconds 300 --json"],
  flags: {
    seconds: z.coerce.number().int().min(10).max(3600).default(DEFAULT_CAP_SECONDS)
      .describe("the cap: the experiments stop by then even if a verdict is still open"),
    out: z.string().min(1).default("reports/experiments").describe("where the reports go"),
  },
  json: true,
  notes: [
    '--json prints {"experiments":[{"key","layer","users","srm_p","lift","ci","p_value","conclusion"}],"overlap_users":N}',
    "exit 0: every experiment ended conclusive (ship, stop, equivalent, A or B preferred); 2: one was still open at the cap; 1: the demo itself failed; 130: interrupted (the experiments are stopped and the extra workers removed first)",
  ],
} as const;

// Stopped experiments stay in the rules for their reports, so each run has its own keys.
const RUN = new Date().toISOString().replace(/\D/g, "").slice(2, 12);
const EXPERIMENTS = demoExperimentDocuments(RUN, CHALLENGER_POOL, WEAK_POOL);

/** A line of a step's output, named after the step, above any progress bar. */
const quiet = (prefix: string) => (line: string) => printLine(`[${prefix}] ${line}`);

await runMain(command, async (args, { print, say }): Promise<Outcome> => {
  // A system this demo starts gets the site the sizing assumes, unless the environment says otherwise.
  for (const [name, value] of Object.entries(DEMO_SITE)) process.env[name] ||= value;
  // A system this demo starts shows its warm-up and first training as bars on a terminal.
  const systemOutput = createProgressRelay({ json: args.json, other: quiet("system") });
  const { system, env } = await ensureDemoSystem({ onLine: systemOutput.line, say });
  const run = { cwd: ROOT, env, json: args.json };
  const database = connectDatabase(system.state.databaseUrl, { applicationName: "demo-experiments", max: 2 });
  const stateDir = dirname(resolve(ROOT, process.env.SYSTEM_STATE_FILE || ".data/system.json"));
  const workerPort = Number(process.env.EXPERIMENT_WORKER_PORT || 8094);
  /** An extra worker serving one model for the experiments, on its own port, state and log. */
  const extraWorker = (port: number, name: string) =>
    processCanaryLauncher({
      bun: process.execPath,
      root: ROOT,
      port,
      env: { ...env, WORKER_ADMIN_TOKEN: env.ADMIN_TOKEN },
      stateFile: join(stateDir, `${name}.json`),
      logFile: join(stateDir, "logs", `${name}.log`),
      readyTimeoutMs: 180_000,
    });
  const workers = [
    { pool: CHALLENGER_POOL, launcher: extraWorker(workerPort, "experiment-worker"), train: ["--seed", String(CHALLENGER_SEED)] },
    // Any shortfall against production is the point of this model: the offline gate still wants it above popularity.
    {
      pool: WEAK_POOL,
      launcher: extraWorker(Number(process.env.EXPERIMENT_WEAK_WORKER_PORT || workerPort + 1), "experiment-weak-worker"),
      train: ["--seed", String(CHALLENGER_SEED), "--rank", String(WEAK_MODEL_RANK), "--tolerance", "1"],
    },
  ];
  const documents = mkdtempSync(join(tmpdir(), "demo-experiments-"));
  const editRules = (what: string, change: Parameters<typeof updateRules>[1]) =>
    updateRules(database.sql, change, { actor: `demo:experiments (${what})`, source: "cli" });

  /** Runs the experiment CLI; a non-zero exit is an error naming what it printed. */
  const experiment = async (argv: string[]) => {
    const result = await runStep(process.execPath, ["experiments/cli/experiment-main.ts", ...argv], { ...run, onLine: quiet("experiment") });
    if (result.code !== 0) throw new Error(`experiment ${argv.join(" ")} exited ${result.code}: ${result.stdout.trim()}`);
    return result.stdout;
  };

  const poolsAdded: string[] = [];
  const workersStarted: typeof workers = [];
  const started: string[] = [];
  // Ctrl-C ends the watch early but still runs the cleanup below: a challenger worker
  // runs on its own, and a running system keeps its rules, so neither may be left behind.
  let interrupted = false;
  const interrupt = () => {
    if (!interrupted) say("interrupted: stopping the experiments and removing the challenger…");
    interrupted = true;
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    for (const worker of workers) {
      say(`training the ${worker.pool} model (production's settings, ${worker.train.join(" ")})…`);
      const trained = await runJsonCommand("trainer/train/main.ts", ["--json", ...worker.train], { ...run, onLine: quiet("train") });
      const version = (trained.json as { version?: string } | null)?.version;
      if (!version) throw new Error(`training the ${worker.pool} model failed (exit ${trained.code})`);
      say(`  ${version}; starting its worker…`);
      workersStarted.push(worker);
      const url = await worker.launcher.start(version);
      await editRules(`add the ${worker.pool} pool`, (rules) => {
        if (!rules) throw new Error(`there are no valid stored rules to add the ${worker.pool} pool to`);
        return { ...rules, pools: { ...rules.pools, [worker.pool]: { urls: [url], modelVersion: version } } };
      });
      poolsAdded.push(worker.pool);
    }

    for (const document of EXPERIMENTS) {
      const file = join(documents, `${document.key}.json`);
      writeFileSync(file, JSON.stringify(document, null, 2));
      await experiment(["create", file]);
      await experiment(["start", document.key]);
      started.push(document.key);
      say(`started ${document.key} (layer ${document.layer.name})`);
    }
    const startedAt = Date.now();
    const running = createProgress(
      { label: "experiments running until conclusive", total: args.seconds, unit: "s", showRate: false },
      { json: args.json, log: createLogger("demo-experiments") },
    );
    let watched;
    try {
      watched = await runUntilConclusive({
        keys: EXPERIMENTS.map((e) => e.key),
        capMs: args.seconds * 1000,
        // A short cap still gets a look at the running reports, halfway.
        checkEveryMs: Math.min(CHECK_EVERY_MS, (args.seconds * 1000) / 2),
        now: () => Date.now(),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        report: async (key) => parseReportHeadline(await experiment(["report", key, "--format", "json"])),
        stop: async (key) => {
          await experiment(["stop", key]);
          started.splice(started.indexOf(key), 1); // only once stopped: the cleanup below retries what is left
        },
        interrupted: () => interrupted,
        onSecond: (second) => running.update(second),
        onReport: (key, headline, elapsedMs) =>
          printLine(`[check] ${Math.round(elapsedMs / 1000)} s ${describeHeadline(key, headline)}`),
        onReportError: (key, message) => printLine(`[check] ${key}: no report yet (${message}); trying again`),
      });
    } finally {
      running.done();
    }
    if (interrupted) return "interrupted";
    for (const w of watched) {
      say(w.conclusive
        ? `${w.key} was conclusive after ${Math.round(w.stoppedAfterMs / 1000)} s: stopped`
        : `${w.key} was still open at the ${args.seconds} s cap: stopped`);
    }
    // Ingestion catches up with the last answers before the reports read them.
    await new Promise((r) => setTimeout(r, 5000));

    const outDir = resolve(ROOT, args.out);
    mkdirSync(outDir, { recursive: true });
    const summaries = [];
    for (const document of EXPERIMENTS) {
      for (const format of ["md", "html"]) {
        await experiment(["report", document.key, "--format", format, "--out", join(outDir, `${document.key}.${format}`)]);
      }
      const json = await experiment(["report", document.key, "--format", "json"]);
      writeFileSync(join(outDir, `${document.key}.json`), json);
      const primary = parseReportHeadline(json);
      summaries.push({
        key: document.key, layer: document.layer.name,
        users: { control: primary.users.control ?? 0, treatment: primary.users.treatment ?? 0 },
        // An interleaving experiment's headline is its preference test: lift is the share preferring B − ½.
        srm_p: primary.srm_p, lift: primary.lift, ci: primary.ci, p_value: primary.p_value, conclusion: primary.conclusion,
      });
      say(`${describeHeadline(document.key, primary)}; SRM p ${primary.srm_p.toFixed(3)}; reports in ${outDir}`);
    }
    const [overlap] = await database.sql`
      select count(*)::int as users from (
        select user_id from telemetry_events
        where time >= ${timestampSql(database.sql, startedAt)} and user_id is not null
        group by user_id
        having bool_or(assignments @> ${JSON.stringify([{ experiment: EXPERIMENTS[0].key }])}::jsonb)
           and bool_or(assignments @> ${JSON.stringify([{ experiment: EXPERIMENTS[1].key }])}::jsonb)
      ) both_layers`;
    const result = { experiments: summaries, overlap_users: overlap.users as number };
    print(result, `${result.overlap_users} users were in both experiments at once`);
    return summaries.every((e) => isConclusive(e.conclusion)) ? "ok" : "gate_failed";
  } finally {
    process.off("SIGINT", interrupt);
    process.off("SIGTERM", interrupt);
    // Whatever happened, leave the system as it was: experiments stopped, no extra pools or workers.
    for (const key of started) await experiment(["stop", key]).catch(() => {});
    const gone = new Set(poolsAdded);
    const poolsRemoved = poolsAdded.length === 0 || await editRules("remove the experiments' pools", (rules) => {
      if (!rules) throw new Error("the stored rules are invalid");
      const pools = Object.fromEntries(Object.entries(rules.pools).filter(([name]) => !gone.has(name)));
      // Stopped experiments stay in the rules for their reports; a variant keeps no removed pool.
      const experiments = rules.experiments.map((e) => ({
        ...e,
        variants: e.variants.map(({ pool, interleave, ...v }) => ({
          ...v,
          ...(pool !== undefined && !gone.has(pool) && { pool }),
          ...(interleave !== undefined && !gone.has(interleave.a) && !gone.has(interleave.b) && { interleave }),
        })),
      }));
      return { ...rules, pools, experiments };
    }).then(() => true, (error) => {
      console.error(`could not remove the experiments' pools: ${errorMessage(error)}`);
      return false;
    });
    // While the rules still name a pool, its worker keeps serving rather than failing.
    for (const worker of workersStarted) {
      if (poolsRemoved) await worker.launcher.stop();
      else console.error(`the ${worker.pool} worker keeps running: remove pool "${worker.pool}" from the rules, then stop it`);
    }
    rmSync(documents, { recursive: true, force: true });
    await database.close();
    await system.stop();
    systemOutput.close();
  }
}, (error) => console.error(`demo failed: ${errorMessage(error)}`));

/** One line of evidence: the verdict, users per arm, lift with its intervals, p-value. */
function describeHeadline(key: string, h: ReportHeadline): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const range = (ci: readonly [number, number]) => `[${pct(ci[0])}, ${pct(ci[1])}]`;
  const users = Object.entries(h.users).map(([arm, n]) => `${n} ${arm}`).join(", ");
  const lift = h.lift === null ? "lift n/a" : `lift ${pct(h.lift)}`;
  const alwaysValid = h.always_valid_lift_ci ? `, always-valid ${range(h.always_valid_lift_ci)}` : "";
  const margin = h.equivalence_margin ? ` (margin ±${pct(h.equivalence_margin)})` : "";
  return `${key}: ${h.conclusion}: ${users} users; ${lift}${alwaysValid}${margin}, p ${h.p_value?.toPrecision(2) ?? "n/a"}`;
}
