/**
 * `bun run demo:experiments [--json] [--seconds N] [--out <dir>]`: two experiments at
 * once, in different layers, under simulated traffic:
 *   - `model-ab` (layer `models`): production's stable pool against a challenger
 *     model (a lower-rank ALS) served by its own worker, through pools;
 *   - `popularity-blend` (layer `ranking`): the model's order against 80 % of the
 *     score from popularity, through a worker flag.
 * Each user is in both (the layers overlap independently). After N seconds both
 * stop, their reports are written as Markdown, HTML and JSON, and the challenger
 * worker and its pool go. Uses the running system, or starts one and stops it.
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

const ROOT = join(import.meta.dir, "../..");
const CHALLENGER_POOL = "challenger";

const command = {
  name: "bun run demo:experiments",
  summary: "Two A/B experiments in two layers under simulated traffic, with their reports.",
  usage: ["[--json] [--seconds N] [--out <dir>]"],
  examples: ["bun run demo:experiments --seconds 60 --json"],
  flags: {
    seconds: z.coerce.number().int().min(10).max(3600).default(180).describe("how long the experiments run"),
    out: z.string().min(1).default("reports/experiments").describe("where the reports go"),
  },
  json: true,
} as const;

// Stopped experiments stay in the rules for their reports, so each run has its own keys.
const RUN = new Date().toISOString().replace(/\D/g, "").slice(2, 12);
const EXPERIMENTS = [
  {
    key: `model-ab-${RUN}`,
    hypothesis: "A rank-8 model converts as well as production's, at lower serving cost",
    layer: { name: "models" },
    variants: [{ key: "control", weight: 0.5, pool: "stable" }, { key: "treatment", weight: 0.5, pool: CHALLENGER_POOL }],
    primaryMetric: "conversion",
    guardrailMetrics: ["latency_ms"],
  },
  {
    key: `popularity-blend-${RUN}`,
    hypothesis: "Taking most of the score from popularity raises conversion",
    layer: { name: "ranking" },
    variants: [{ key: "control", weight: 0.5 }, { key: "treatment", weight: 0.5, flags: { popularityBlend: 0.8 } }],
    primaryMetric: "conversion",
    guardrailMetrics: ["latency_ms"],
  },
] as const;

/** A line of a step's output, named after the step, above any progress bar. */
const quiet = (prefix: string) => (line: string) => printLine(`[${prefix}] ${line}`);

await runMain(command, async (args, { print, say }): Promise<Outcome> => {
  // A system this demo starts shows its warm-up and first training as bars on a terminal.
  const systemOutput = createProgressRelay({ json: args.json, other: quiet("system") });
  const { system, env } = await ensureDemoSystem({ onLine: systemOutput.line, say });
  const run = { cwd: ROOT, env, json: args.json };
  const database = connectDatabase(system.state.databaseUrl, { applicationName: "demo-experiments", max: 2 });
  const stateDir = dirname(resolve(ROOT, process.env.SYSTEM_STATE_FILE || ".data/system.json"));
  const challengerWorker = processCanaryLauncher({
    bun: process.execPath,
    root: ROOT,
    port: Number(process.env.EXPERIMENT_WORKER_PORT || 8094),
    env: { ...env, WORKER_ADMIN_TOKEN: env.ADMIN_TOKEN },
    stateFile: join(stateDir, "experiment-worker.json"),
    logFile: join(stateDir, "logs", "experiment-worker.log"),
    readyTimeoutMs: 180_000,
  });
  const documents = mkdtempSync(join(tmpdir(), "demo-experiments-"));
  const editRules = (what: string, change: Parameters<typeof updateRules>[1]) =>
    updateRules(database.sql, change, { actor: `demo:experiments (${what})`, source: "cli" });

  /** Runs the experiment CLI; a non-zero exit is an error naming what it printed. */
  const experiment = async (argv: string[]) => {
    const result = await runStep(process.execPath, ["experiments/cli/experiment-main.ts", ...argv], { ...run, onLine: quiet("experiment") });
    if (result.code !== 0) throw new Error(`experiment ${argv.join(" ")} exited ${result.code}: ${result.stdout.trim()}`);
    return result.stdout;
  };

  let poolAdded = false;
  const started: string[] = [];
  try {
    say("training a challenger model (rank 8)…");
    const trained = await runJsonCommand("trainer/train/main.ts", ["--json", "--rank", "8"], { ...run, onLine: quiet("train") });
    const challenger = (trained.json as { version?: string } | null)?.version;
    if (!challenger) throw new Error(`training the challenger failed (exit ${trained.code})`);
    say(`  ${challenger}; starting its worker…`);
    const url = await challengerWorker.start(challenger);
    await editRules("add the challenger pool", (rules) => {
      if (!rules) throw new Error("there are no valid stored rules to add the challenger pool to");
      return { ...rules, pools: { ...rules.pools, [CHALLENGER_POOL]: { urls: [url], modelVersion: challenger } } };
    });
    poolAdded = true;

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
      { label: "experiments running", total: args.seconds, unit: "s", showRate: false },
      { json: args.json, log: createLogger("demo-experiments") },
    );
    try {
      for (let second = 1; second <= args.seconds; second++) {
        await new Promise((r) => setTimeout(r, Math.max(0, startedAt + second * 1000 - Date.now())));
        running.update(second);
      }
    } finally {
      running.done();
    }
    while (started.length > 0) {
      await experiment(["stop", started[0]]);
      started.shift(); // only once stopped: the cleanup below retries what is left
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
      const { primary } = JSON.parse(json) as { primary: { users: Record<string, number>; srm_p: number; lift: number | null; ci: [number, number] | null; p_value: number | null; conclusion: string } };
      summaries.push({
        key: document.key, layer: document.layer.name,
        users: { control: primary.users.control ?? 0, treatment: primary.users.treatment ?? 0 },
        srm_p: primary.srm_p, lift: primary.lift, ci: primary.ci, p_value: primary.p_value, conclusion: primary.conclusion,
      });
      say(`${document.key}: ${primary.conclusion} (lift ${primary.lift === null ? "n/a" : `${(primary.lift * 100).toFixed(1)}%`}, p ${primary.p_value?.toFixed(4) ?? "n/a"}, SRM p ${primary.srm_p.toFixed(3)}); reports in ${outDir}`);
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
    return "ok";
  } finally {
    // Whatever happened, leave the system as it was: experiments stopped, no challenger.
    for (const key of started) await experiment(["stop", key]).catch(() => {});
    let poolRemoved = !poolAdded;
    if (poolAdded) {
      poolRemoved = await editRules("remove the challenger pool", (rules) => {
        if (!rules) throw new Error("the stored rules are invalid");
        const { [CHALLENGER_POOL]: _, ...pools } = rules.pools;
        const experiments = rules.experiments.map((e) => ({ ...e, variants: e.variants.map(({ pool, ...v }) => (pool === CHALLENGER_POOL ? v : { ...v, pool })) }));
        return { ...rules, pools, experiments };
      }).then(() => true, (error) => {
        console.error(`could not remove the challenger pool: ${errorMessage(error)}`);
        return false;
      });
    }
    // While the rules still name the challenger, its worker keeps serving rather than failing.
    if (poolRemoved) await challengerWorker.stop();
    else console.error(`the challenger worker keeps running: remove pool "${CHALLENGER_POOL}" from the rules, then stop it`);
    rmSync(documents, { recursive: true, force: true });
    await database.close();
    await system.stop();
    systemOutput.close();
  }
}, (error) => console.error(`demo failed: ${errorMessage(error)}`));
