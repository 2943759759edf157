/**
 * Makes sure the system has a production model: reuse the stored one; otherwise
 * fill an empty event store with simulated history, train, and promote the model
 * when it passes the offline gate. Promoting without a canary is reserved for this
 * first model, when no user depends on a previous one.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type postgres from "postgres";
import { findProductionModel, promoteModel } from "../registry/model-registry.ts";
import { IngestCounts } from "../ingest/ingest-counts.ts";
import { createProgressRelay } from "../infra/terminal/relay-progress.ts";
import { runStep } from "./run-step.ts";

export type BootstrapContext = {
  readonly sql: postgres.Sql;
  readonly root: string;
  readonly bun: string;
  readonly env: Record<string, string | undefined>;
  readonly warmupLines: number;
  /** A line of the launcher's own. */
  readonly say: (line: string) => void;
  /** A line a step's process wrote that is not progress, with the step's name. */
  readonly childLine: (name: string, line: string) => void;
};

/** The production model's version after bootstrapping, or null when the first model failed its gate. */
export async function bootstrapModel(ctx: BootstrapContext): Promise<string | null> {
  const production = await findProductionModel(ctx.sql);
  if (production) {
    ctx.say(`reusing production model ${production.version} from the registry`);
    return production.version;
  }
  const step = async (name: string, args: string[]) => {
    const relay = createProgressRelay({ other: (line) => ctx.childLine(name, line) });
    try {
      return await runStep(ctx.bun, args, { cwd: ctx.root, env: ctx.env, onLine: relay.line });
    } finally {
      relay.close();
    }
  };
  const [{ n: batches }] = await ctx.sql`select count(*)::int as n from ingest_batches`;
  if (batches === 0 && ctx.warmupLines > 0) {
    // A scratch file: once ingested, the history lives in the event store.
    const scratch = mkdtempSync(join(tmpdir(), "warmup-"));
    const file = join(scratch, "warmup.log");
    try {
      ctx.say(`warming up: ${ctx.warmupLines.toLocaleString("en-US")} lines of simulated history`);
      const written = await step("simulator", ["simulator/main.ts", "--warmup", String(ctx.warmupLines), "--to-file", file]);
      if (written.code !== 0) throw new Error(`the warm-up history could not be written (exit ${written.code})`);
      const ingested = await step("ingest", ["ingest/main.ts", "--from-file", file, "--json"]);
      if (ingested.code !== 0) throw new Error(`the warm-up history could not be ingested (exit ${ingested.code})`);
      ctx.say(`ingested the warm-up history: ${describeCounts(ingested.stdout)}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  ctx.say("training the first model…");
  const trained = await step("train", ["trainer/train/main.ts", "--json"]);
  if (trained.code !== 0 && trained.code !== 2) throw new Error(`training failed (exit ${trained.code})`);
  const report = JSON.parse(trained.stdout) as { version: string; gate: { pass: boolean; reasons: string[] } };
  if (!report.gate.pass) {
    ctx.say(`the first model ${report.version} failed its offline gate (${report.gate.reasons.join("; ")}); the router serves its fallback list until a model passes`);
    return null;
  }
  await promoteModel(ctx.sql, report.version);
  ctx.say(`promoted the first model ${report.version}`);
  return report.version;
}

/** The replay's `--json` counts in words; its raw output when it is not that object. */
function describeCounts(stdout: string): string {
  let json: unknown;
  try {
    json = JSON.parse(stdout);
  } catch {
    return stdout.trim();
  }
  const parsed = IngestCounts.safeParse(json);
  if (!parsed.success) return stdout.trim();
  const c = parsed.data;
  const n = (x: number) => x.toLocaleString("en-US");
  const rejected = Object.values(c.rejected).reduce((sum, x) => sum + (x ?? 0), 0);
  return `${n(c.lines)} lines: ${n(c.accepted.watch)} watch, ${n(c.accepted.rate)} rate, ${n(c.accepted.recommendation)} recommendation events; ` +
    `${n(rejected)} rejected, ${n(c.duplicates)} duplicates`;
}
